package dev.tandem.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * A visitor message whose events nest deeper than the parser allows is refused with 1009 (inside
 * an event or as events themselves), not dropped unseen; the limit counts the message object itself.
 */
class NestingLimitTest {

    private static String arrays(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static EventBatch read(String text) {
        return EventBatch.read(text, new DomFirewall());
    }

    private static void assertTooDeep(String text) {
        assertThatThrownBy(() -> read(text)).isInstanceOfSatisfying(StreamViolation.class, v -> {
            assertThat(v.closeCode()).isEqualTo(1009);
            assertThat(v.getMessage()).isEqualTo("nested too deep");
        });
    }

    @Test
    void aMessageJustWithinTheLimitIsRead() {
        // message object (1) > events array (2) > event (3) > data (4) > arrays (5 …): 999 in all.
        int inner = NestingLimit.MAX_DEPTH - 4;
        EventBatch batch = read("{\"type\":\"events\",\"seq\":1,\"events\":[{\"type\":3,\"timestamp\":1,\"data\":{\"source\":5,\"x\":"
                + arrays(inner) + "}}]}");
        assertThat(batch.refusal).isNull();
        assertThat(batch.events).hasSize(1);
    }

    @Test
    void oneLevelMoreIsRefusedAsTooBigInAnEventOrAsEvents() {
        int inner = NestingLimit.MAX_DEPTH - 3;
        assertTooDeep("{\"type\":\"events\",\"seq\":1,\"events\":[{\"type\":3,\"timestamp\":1,\"data\":{\"source\":5,\"x\":"
                + arrays(inner) + "}}]}");
        assertTooDeep("{\"type\":\"events\",\"seq\":1,\"events\":[" + arrays(NestingLimit.MAX_DEPTH - 1) + "]}");
        assertTooDeep("{\"type\":\"events\",\"seq\":1,\"events\":[{\"type\":3,\"timestamp\":1,\"data\":{\"source\":0,\"adds\":"
                + arrays(5000) + "}}]}");
    }

    @Test
    void otherFailuresAreNotMistakenForDepth() {
        IllegalArgumentException bug = new IllegalArgumentException("x");
        assertThatThrownBy(() -> NestingLimit.refusal(bug)).isSameAs(bug);
    }
}
