package dev.tandem.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.Test;

/**
 * Two nodes' key rings over one shared store (standing in for the cluster's replicated cache): the
 * same keys on both, exactly one rotation per interval however many nodes' timers fire, and a ticket
 * signed on one node verifies on the other before and after a rotation.
 */
class SharedKeyRingTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(60);
    private static final String REF = "b".repeat(64);

    private final ConcurrentMap<String, String> store = new ConcurrentHashMap<>();
    private final ServerKeyRing a = new ServerKeyRing(new SecureRandom(), store, T0);
    private final ServerKeyRing b = new ServerKeyRing(new SecureRandom(), store, T0.plusSeconds(3));

    @Test
    void theSecondNodeTakesTheFirstNodesKeys() {
        assertThat(b.current().id()).isEqualTo(a.current().id());
        assertThat(b.current().secret()).isEqualTo(a.current().secret());
    }

    @Test
    void everyNodesTimerFiresButExactlyOneRotatesPerInterval() {
        Instant due = T0.plus(INTERVAL);
        assertThat(a.rotateIfDue(due, INTERVAL)).isTrue();
        assertThat(b.rotateIfDue(due.plusMillis(300), INTERVAL)).as("b finds a's fresh key").isFalse();
        assertThat(a.current().id()).isEqualTo(2);
        assertThat(b.current().id()).isEqualTo(2);
        assertThat(b.rotateIfDue(due.plus(INTERVAL), INTERVAL)).as("b's turn if its timer fires first").isTrue();
        assertThat(a.rotateIfDue(due.plus(INTERVAL).plusMillis(200), INTERVAL)).isFalse();
        assertThat(a.current().id()).isEqualTo(3);
        assertThat(a.rotateIfDue(T0.plusSeconds(20), INTERVAL)).as("not due").isFalse();
    }

    @Test
    void aTicketSignedOnOneNodeVerifiesOnTheOtherAcrossARotation() {
        JoinTicketSigner onA = new JoinTicketSigner(a, INTERVAL);
        JoinTicketSigner onB = new JoinTicketSigner(b, INTERVAL);
        String ticket = onA.sign("t-9", REF, "alice", JoinTicket.VIEW, T0.plusSeconds(50));

        assertThat(onB.check(ticket, T0.plusSeconds(51)).valid()).isTrue();
        assertThat(b.rotateIfDue(T0.plus(INTERVAL), INTERVAL)).isTrue();
        assertThat(onB.check(ticket, T0.plusSeconds(61)).valid()).as("previous key, rotated by b").isTrue();
        assertThat(onA.check(ticket, T0.plusSeconds(61)).valid()).as("a sees b's rotation").isTrue();
        assertThat(onA.sign("t-10", REF, "alice", JoinTicket.VIEW, T0.plusSeconds(62))).satisfies(t ->
                assertThat(onB.check(t, T0.plusSeconds(63)).valid()).isTrue());
    }
}
