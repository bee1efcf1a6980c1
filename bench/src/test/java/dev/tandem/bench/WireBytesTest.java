package dev.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WireBytesTest {

    @Test
    void eventsAreGroupedIntoOneMessagePerBatchWindowAndTheRateIsOverTheirTimeSpan() {
        List<String> events = List.of("{\"type\":3,\"timestamp\":1000,\"data\":{}}", "{\"type\":3,\"timestamp\":1050,\"data\":{}}",
                "{\"type\":3,\"timestamp\":3000,\"data\":{}}");
        WireBytes w = WireBytes.of(new Trace("t", "{\"type\":2}", events, 10));

        assertThat(w.messages()).isEqualTo(2);
        assertThat(w.seconds()).isEqualTo(2.0);
        assertThat(w.uploadBytes()).isGreaterThan(events.stream().mapToInt(String::length).sum());
    }

    @Test
    void aLargeSnapshotGoesCompressedAsTheCaptureSendsItAndItsShareIsOfTheWholeMessage() {
        WireBytes w = WireBytes.of(new Trace("statement", statement(2000), List.of("{\"type\":3,\"timestamp\":1,\"data\":{}}"), 0));

        assertThat(w.compressed()).isTrue();
        assertThat(w.snapshotBytes()).as("the events message, envelope included").isGreaterThan(statement(2000).length());
        assertThat(w.snapshotOnWire()).isLessThan(w.snapshotBytes() / 3);
        assertThat(w.snapshotShare()).isEqualTo(w.snapshotOnWire() / (double) w.snapshotBytes());
        assertThat(w.inflateMillis()).isPositive();
    }

    @Test
    void aSmallSnapshotGoesAsText() {
        WireBytes w = WireBytes.of(Trace.tiny());

        assertThat(w.compressed()).isFalse();
        assertThat(w.snapshotOnWire()).isEqualTo(w.snapshotBytes());
        assertThat(w.snapshotShare()).isEqualTo(1.0);
    }

    @Test
    void theGeneratorsFrameIsTheZlibStreamOfTheMessageWithinTheRelaysBounds() throws Exception {
        String message = "{\"type\":\"events\",\"seq\":1,\"events\":[" + statement(2000) + "]}";
        byte[] frame = VisitorFrames.compressed(message, 50);
        java.util.zip.Inflater inflater = new java.util.zip.Inflater();
        byte[] out = new byte[message.length() * 2];
        inflater.setInput(frame);
        int n = inflater.inflate(out);
        assertThat(inflater.finished()).isTrue();
        inflater.end();
        assertThat(new String(out, 0, n, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(message);

        assertThat(VisitorFrames.compressed("x".repeat(VisitorFrames.COMPRESS_MIN_BYTES - 1), 50)).as("under the threshold").isNull();
        assertThat(VisitorFrames.compressed(" ".repeat(100_000), 50)).as("past the ratio bound").isNull();
        assertThat(VisitorFrames.compressed(message, 0)).as("a relay that takes none").isNull();
    }

    /** A bank statement's snapshot: lines that differ, as a real page's do. */
    static String statement(int lines) {
        StringBuilder b = new StringBuilder("{\"type\":2,\"timestamp\":2,\"data\":{\"node\":{\"type\":0,\"id\":1,\"childNodes\":[");
        for (int i = 0; i < lines; i++) {
            b.append(i == 0 ? "" : ",").append("{\"type\":2,\"id\":").append(i + 10).append(",\"tagName\":\"tr\",\"childNodes\":[{\"type\":3,")
                    .append("\"id\":").append(i + 100_000).append(",\"textContent\":\"Line ").append(i).append(' ')
                    .append(Long.toString(i * 104_729L % 99_991, 36)).append(" EUR\"}]}");
        }
        return b.append("]}}}").toString();
    }
}
