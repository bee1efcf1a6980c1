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
    void aRepetitiveSnapshotDeflatesToAFractionOfItsSize() {
        byte[] raw = "<div class=\"row\">statement line</div>".repeat(1000).getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(WireBytes.deflated(raw)).isLessThan(raw.length / 10);
    }
}
