package dev.tandem.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * A compressed visitor message inflated within its bounds: the text comes out as the page wrote it
 * however the frame is split; a zip bomb, a ratio past the bound, a cut-short, garbage or non-UTF-8
 * stream is refused with its close code, and the next message starts clean.
 */
class InflatingAssemblerTest {

    static byte[] zlib(byte[] raw, int level) {
        Deflater deflater = new Deflater(level);
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    static byte[] zlib(String text) {
        return zlib(text.getBytes(StandardCharsets.UTF_8), Deflater.DEFAULT_COMPRESSION);
    }

    private static Optional<String> whole(InflatingAssembler a, byte[] compressed) {
        return a.add(ByteBuffer.wrap(compressed), true);
    }

    private static InflatingAssembler.Cause refusal(Runnable action) {
        try {
            action.run();
        } catch (InflatingAssembler.Refusal refused) {
            return refused.kind();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void aMessageInOnePartOrManyInflatesToTheTextThePageWrote() {
        String text = "{\"type\":\"events\",\"seq\":1,\"events\":[{\"type\":3,\"timestamp\":1,\"data\":{\"text\":\"Grüße €\"}}]}".repeat(3);
        InflatingAssembler a = new InflatingAssembler(1 << 20, 50);
        assertThat(whole(a, zlib(text))).contains(text);

        byte[] compressed = zlib(text);
        for (int i = 0; i < compressed.length - 1; i++) {
            assertThat(a.add(ByteBuffer.wrap(compressed, i, 1), false)).isEmpty();
        }
        assertThat(a.add(ByteBuffer.wrap(compressed, compressed.length - 1, 1), true)).as("one byte a part").contains(text);
        assertThat(whole(a, zlib("next"))).as("the next message starts clean").contains("next");
    }

    @Test
    void aZipBombIsRefusedAsSoonAsItsOutputPassesTheLimitHoldingNoMoreThanThat() {
        byte[] bomb = zlib(new byte[64 * 1024 * 1024], Deflater.BEST_COMPRESSION); // 64 MiB of zeros in ~64 KiB
        InflatingAssembler a = new InflatingAssembler(1 << 20, 2000);

        InflatingAssembler.Refusal refused = (InflatingAssembler.Refusal) org.assertj.core.api.Assertions.catchThrowable(
                () -> whole(a, bomb));
        assertThat(refused.kind()).isEqualTo(InflatingAssembler.Cause.TOO_BIG);
        assertThat(refused.closeCode()).isEqualTo(1009);
        assertThat(refused.getMessage()).isEqualTo("inflated too big");
        assertThat(whole(a, zlib("after"))).contains("after");
    }

    @Test
    void aMessageThatInflatesToExactlyTheLimitPassesAndOneByteMoreDoesNot() {
        int limit = 100_000;
        String exact = "x".repeat(limit);
        InflatingAssembler a = new InflatingAssembler(limit, 1000);
        assertThat(whole(a, zlib(exact))).contains(exact);
        assertThat(refusal(() -> whole(a, zlib(exact + "y")))).isEqualTo(InflatingAssembler.Cause.TOO_BIG);
    }

    @Test
    void aRatioPastTheBoundIsRefusedAndOneWithinItPasses() {
        String text = "a".repeat(10_000); // about 30 bytes compressed: a ratio of about 300
        byte[] compressed = zlib(text);
        int ratio = text.length() / compressed.length;
        assertThat(whole(new InflatingAssembler(1 << 20, ratio + 1), compressed)).contains(text);
        InflatingAssembler strict = new InflatingAssembler(1 << 20, ratio - 1);
        InflatingAssembler.Refusal refused = (InflatingAssembler.Refusal) org.assertj.core.api.Assertions.catchThrowable(
                () -> whole(strict, compressed));
        assertThat(refused.kind()).isEqualTo(InflatingAssembler.Cause.RATIO);
        assertThat(refused.closeCode()).isEqualTo(1009);
    }

    @Test
    void aCompressedMessageLargerThanTheLimitIsRefusedWhileItArrives() {
        InflatingAssembler a = new InflatingAssembler(1000, 50);
        byte[] incompressible = new byte[4000];
        new java.util.Random(7).nextBytes(incompressible);
        byte[] compressed = zlib(incompressible, Deflater.DEFAULT_COMPRESSION);
        assertThat(a.add(ByteBuffer.wrap(compressed, 0, 900), false)).isEmpty();
        assertThat(refusal(() -> a.add(ByteBuffer.wrap(compressed, 900, 200), false))).isEqualTo(InflatingAssembler.Cause.TOO_BIG);
        assertThat(a.add(ByteBuffer.wrap(compressed, 1100, 100), false)).as("the rest of a refused message is dropped").isEmpty();
        assertThat(a.add(ByteBuffer.wrap(compressed, 1200, 100), true)).isEmpty();
        assertThat(whole(a, zlib("then"))).contains("then");
    }

    @Test
    void aCutShortStreamIsMalformed() {
        byte[] compressed = zlib("{\"type\":\"events\",\"seq\":1,\"events\":[]}".repeat(20));
        InflatingAssembler a = new InflatingAssembler(1 << 20, 50);
        InflatingAssembler.Refusal refused = (InflatingAssembler.Refusal) org.assertj.core.api.Assertions.catchThrowable(
                () -> whole(a, Arrays.copyOf(compressed, compressed.length - 5)));
        assertThat(refused.kind()).isEqualTo(InflatingAssembler.Cause.MALFORMED);
        assertThat(refused.closeCode()).isEqualTo(1007);
        assertThat(refused.getMessage()).isEqualTo("malformed deflate");
    }

    @Test
    void garbageAWrongChecksumRawDeflateAndTrailingBytesAreMalformed() {
        InflatingAssembler a = new InflatingAssembler(1 << 20, 50);
        assertThat(refusal(() -> whole(a, "{\"type\":\"events\"}".getBytes(StandardCharsets.UTF_8)))).as("plain text")
                .isEqualTo(InflatingAssembler.Cause.MALFORMED);
        byte[] good = zlib("{\"type\":\"events\",\"seq\":1,\"events\":[]}");
        byte[] badSum = good.clone();
        badSum[badSum.length - 1] ^= 1;
        assertThat(refusal(() -> whole(a, badSum))).as("Adler-32 wrong").isEqualTo(InflatingAssembler.Cause.MALFORMED);
        byte[] trailing = Arrays.copyOf(good, good.length + 3);
        assertThat(refusal(() -> whole(a, trailing))).as("bytes after the end").isEqualTo(InflatingAssembler.Cause.MALFORMED);
        assertThat(refusal(() -> {
            a.add(ByteBuffer.wrap(good), false);
            a.add(ByteBuffer.wrap(new byte[] {1}), true);
        })).as("a part after the end").isEqualTo(InflatingAssembler.Cause.MALFORMED);
        Deflater raw = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        raw.setInput("{\"type\":\"events\"}".getBytes(StandardCharsets.UTF_8));
        raw.finish();
        byte[] buffer = new byte[256];
        int n = raw.deflate(buffer);
        raw.end();
        assertThat(refusal(() -> whole(a, Arrays.copyOf(buffer, n)))).as("raw deflate, no zlib header")
                .isEqualTo(InflatingAssembler.Cause.MALFORMED);
        Deflater withDictionary = new Deflater();
        withDictionary.setDictionary("events".getBytes(StandardCharsets.UTF_8));
        withDictionary.setInput("{\"type\":\"events\"}".getBytes(StandardCharsets.UTF_8));
        withDictionary.finish();
        int m = withDictionary.deflate(buffer);
        withDictionary.end();
        assertThat(refusal(() -> whole(a, Arrays.copyOf(buffer, m)))).as("a preset dictionary").isEqualTo(InflatingAssembler.Cause.MALFORMED);
        assertThat(whole(a, good)).as("still usable").isPresent();
    }

    @Test
    void textThatIsNotUtf8IsRefusedWith1007() {
        InflatingAssembler a = new InflatingAssembler(1 << 20, 50);
        InflatingAssembler.Refusal refused = (InflatingAssembler.Refusal) org.assertj.core.api.Assertions.catchThrowable(
                () -> whole(a, zlib(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}, Deflater.DEFAULT_COMPRESSION)));
        assertThat(refused.kind()).isEqualTo(InflatingAssembler.Cause.NOT_UTF8);
        assertThat(refused.closeCode()).isEqualTo(1007);
    }

    @Test
    void anEmptyMessageIsMalformedNotASilentNothing() {
        assertThatThrownBy(() -> whole(new InflatingAssembler(1000, 50), new byte[0])).isInstanceOf(InflatingAssembler.Refusal.class);
    }
}
