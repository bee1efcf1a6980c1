package dev.tandem.json;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The shared readers keep no large buffers: after many large messages read at once (a 300 KB string
 * makes the parser double its buffer up to 512 K characters), what the pool retains is at most its
 * small fixed bound, and the readers really do read through it.
 */
class JsonsTest {

    private static final String BIG = "{\"type\":\"events\",\"events\":[\"" + "x".repeat(300_000) + "\"]}";

    @Test
    void readingLargeMessagesLeavesOnlyTheBoundedSmallBuffersPooled() throws Exception {
        CharBufferPool pool = new CharBufferPool();
        var readers = Jsons.PROVIDER.createReaderFactory(Jsons.readingConfig(Jsons.PROVIDER, pool));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> reads = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                reads.add(threads.submit(() -> {
                    try (var reader = readers.createReader(new StringReader(BIG))) {
                        return reader.readObject().getJsonArray("events").getString(0).length();
                    }
                }));
            }
            for (Future<Integer> read : reads) {
                assertThat(read.get()).isEqualTo(300_000);
            }
        } finally {
            threads.shutdown();
        }

        assertThat(pool.retained()).as("the readers hand their buffers back to this pool").isPositive();
        assertThat(pool.retainedChars()).isLessThanOrEqualTo((long) CharBufferPool.MAX_KEPT * CharBufferPool.BUFFER_CHARS);
    }

    @Test
    void theSharedFactoriesReadThroughTheBoundedPool() {
        try (var reader = Jsons.READERS.createReader(new StringReader(BIG))) {
            JsonObject read = reader.readObject();
            assertThat(read.getString("type")).isEqualTo("events");
        }
        try (JsonParser parser = Jsons.PARSERS.createParser(new StringReader(BIG))) {
            while (parser.hasNext()) {
                parser.next();
            }
        }
        assertThat(Jsons.BUFFERS.retained()).isPositive();
        assertThat(Jsons.BUFFERS.retainedChars()).isLessThanOrEqualTo((long) CharBufferPool.MAX_KEPT * CharBufferPool.BUFFER_CHARS);
    }
}
