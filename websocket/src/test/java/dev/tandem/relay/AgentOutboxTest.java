package dev.tandem.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * One agent's queue: in order, one send at a time, bounded in bytes; {@code events} messages that
 * wait in a row leave as one, with their events in order, and nothing else is merged.
 */
class AgentOutboxTest {

    /** A sender whose sends complete only when the test says so. */
    private static final class Held implements AgentOutbox.Sender {
        final List<String> sent = new ArrayList<>();
        final List<Consumer<Boolean>> pending = new ArrayList<>();
        int closedWith;

        @Override
        public void send(String text, Consumer<Boolean> done) {
            sent.add(text);
            pending.add(done);
        }

        @Override
        public void close(int code, String reason) {
            closedWith = code;
        }

        void completeNext() {
            pending.remove(0).accept(true);
        }
    }

    private final Held sender = new Held();
    private final AgentOutbox outbox = new AgentOutbox(sender, 10_000);

    private static String events(String... events) {
        return RelayMessages.events(List.of(events));
    }

    @Test
    void eventsMessagesWaitingInARowLeaveAsOneWithTheirEventsInOrder() {
        outbox.offer(events("{\"e\":1}"));
        outbox.offer(events("{\"e\":2}", "{\"e\":3}"));
        outbox.offer(events("{\"e\":4}"));
        assertThat(sender.sent).as("one at a time: the first is in flight").containsExactly(events("{\"e\":1}"));

        sender.completeNext();

        assertThat(sender.sent).containsExactly(events("{\"e\":1}"), events("{\"e\":2}", "{\"e\":3}", "{\"e\":4}"));
        assertThat(outbox.queuedBytes()).isZero();
    }

    @Test
    void otherMessagesAreNeverMergedNorOvertaken() {
        outbox.offer("{\"type\":\"welcome\"}");
        outbox.offer(events("{\"e\":1}"));
        outbox.offer("{\"type\":\"viewers\",\"viewers\":[]}");
        outbox.offer(events("{\"e\":2}"));
        outbox.offer(events()); // an empty one adds nothing, and no stray comma
        outbox.offer(events("{\"e\":3}"));

        for (int i = 0; i < 3; i++) {
            sender.completeNext();
        }

        assertThat(sender.sent).containsExactly("{\"type\":\"welcome\"}", events("{\"e\":1}"), "{\"type\":\"viewers\",\"viewers\":[]}",
                events("{\"e\":2}", "{\"e\":3}"));
    }

    @Test
    void aMergeStopsAtItsSizeSoALargeCatchUpLeavesOnItsOwn() {
        AgentOutbox big = new AgentOutbox(sender, 8L << 20);
        String large = events("\"" + "x".repeat((int) AgentOutbox.COALESCE_MAX_BYTES) + "\"");
        big.offer("{\"type\":\"welcome\"}");
        big.offer(events("{\"e\":1}"));
        big.offer(large);
        big.offer(events("{\"e\":2}"));

        sender.completeNext();
        sender.completeNext();

        assertThat(sender.sent).containsExactly("{\"type\":\"welcome\"}", events("{\"e\":1}"), large);
        sender.completeNext();
        assertThat(sender.sent).last().isEqualTo(events("{\"e\":2}"));
    }

    @Test
    void anAgentPastTheBoundIsClosedWithTryAgainLaterAndKeepsNothing() {
        outbox.offer(events("{\"e\":1}"));
        assertThat(outbox.offer(events("\"" + "x".repeat(10_000) + "\""))).isFalse();

        assertThat(sender.closedWith).isEqualTo(AgentOutbox.TRY_AGAIN_LATER);
        assertThat(outbox.queuedBytes()).isZero();
        assertThat(outbox.offer(events("{\"e\":2}"))).isFalse();
    }
}
