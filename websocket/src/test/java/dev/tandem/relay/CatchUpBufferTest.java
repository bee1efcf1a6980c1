package dev.tandem.relay;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A session's catch-up kept in chunks: a late agent must get exactly the buffered events, in order. */
class CatchUpBufferTest {

    private final CatchUpBuffer buffer = new CatchUpBuffer();

    private static String event(int i, int padding) {
        return "{\"type\":3,\"timestamp\":" + i + ",\"data\":{\"source\":5,\"text\":\"" + "x".repeat(padding) + "é\"}}";
    }

    @Test
    void aLateAgentGetsEveryEventInOrderAcrossChunksAndABigSnapshotWhole() {
        Random random = new Random(3);
        List<String> added = new ArrayList<>();
        added.add(event(0, 3 * CatchUpBuffer.CHUNK_CHARS)); // a snapshot bigger than a chunk
        for (int i = 1; i <= 2000; i++) {
            added.add(event(i, random.nextInt(random.nextInt(20) == 0 ? 2 * CatchUpBuffer.CHUNK_CHARS : 400)));
        }
        added.forEach(buffer::add);

        JsonObject message = Json.createReader(new StringReader(buffer.message())).readObject();
        assertThat(message.getString("type")).isEqualTo("events");
        JsonArray events = message.getJsonArray("events");
        assertThat(events).hasSize(added.size());
        for (int i = 0; i < added.size(); i++) {
            assertThat(events.getJsonObject(i).toString()).isEqualTo(added.get(i));
        }
        assertThat(buffer.events()).isEqualTo(added.size());
        assertThat(buffer.chars()).isEqualTo(added.stream().mapToLong(String::length).sum());
    }

    @Test
    void clearingLeavesNothingToCatchUpOn() {
        buffer.add(event(1, 10));
        buffer.clear();
        assertThat(buffer.isEmpty()).isTrue();
        assertThat(buffer.chars()).isZero();
        buffer.add(event(2, 10));
        assertThat(buffer.message()).isEqualTo("{\"type\":\"events\",\"events\":[" + event(2, 10) + "]}");
    }
}
