package dev.tandem.relay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Write mode as the relay holds it per session: an approval counts only for a pending request, one
 * agent at a time, and nothing is carried over to the visitor's next page.
 */
class SessionStreamWriterTest {

    private final SessionStream stream = new SessionStream(new StreamLimits());

    @Test
    void anApprovalWithoutAPendingRequestCountsForNothing() {
        assertThat(stream.answerWrite("a", true)).isFalse();
        assertThat(stream.isWriter("a")).isFalse();
    }

    @Test
    void oneAgentAtATime() {
        stream.writeRequested("a");
        stream.writeRequested("b");
        assertThat(stream.answerWrite("a", true)).isTrue();
        assertThat(stream.answerWrite("b", true)).isFalse();
        assertThat(stream.isWriter("a")).isTrue();
        assertThat(stream.isWriter("b")).isFalse();
    }

    @Test
    void takenBackItNeedsANewRequestAndTheVisitorsNextPageAsksAgain() {
        stream.writeRequested("a");
        stream.answerWrite("a", true);
        assertThat(stream.releaseWriter("a")).isTrue();
        assertThat(stream.answerWrite("a", true)).as("the old approval replayed").isFalse();

        stream.writeRequested("a");
        stream.answerWrite("a", true);
        stream.visitorGone();
        assertThat(stream.isWriter("a")).isFalse();
    }
}
