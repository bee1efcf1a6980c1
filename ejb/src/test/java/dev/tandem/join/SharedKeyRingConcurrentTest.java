package dev.tandem.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes whose rotation timers fire at the same moment, on two threads over one shared map (the
 * {@code ConcurrentMap} the cluster's replicated cache is to {@code SharedKeys}): however the reads and
 * compare-and-replaces interleave, each period gets exactly one new key, never a second one on top
 * (which would drop a key a ticket still needs: a false reject).
 */
class SharedKeyRingConcurrentTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(60);
    private static final String REF = "c".repeat(64);

    private final ExecutorService nodes = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() throws InterruptedException {
        nodes.shutdownNow();
        assertThat(nodes.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** A map whose next two reads of the ring wait for each other: both nodes see the same old ring. */
    private static final class BothReadFirst extends ConcurrentHashMap<String, String> {
        private static final long serialVersionUID = 1L;
        private final transient CyclicBarrier bothRead = new CyclicBarrier(2);
        private final AtomicBoolean armed = new AtomicBoolean();

        @Override
        public String get(Object key) {
            String value = super.get(key);
            if (armed.get() && ServerKeyRing.NAME.equals(key)) {
                try {
                    bothRead.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return value;
        }
    }

    @Test
    void twoNodesThatBothReadTheOldRingBeforeEitherReplacesItMakeOneKey() throws Exception {
        BothReadFirst store = new BothReadFirst();
        ServerKeyRing a = new ServerKeyRing(new SecureRandom(), store, T0);
        ServerKeyRing b = new ServerKeyRing(new SecureRandom(), store, T0);
        JoinTicketSigner onA = new JoinTicketSigner(a, INTERVAL);
        String ticket = onA.sign("t-1", REF, "alice", JoinTicket.VIEW, T0.plusSeconds(59));

        store.armed.set(true);
        Instant due = T0.plus(INTERVAL);
        Future<Boolean> byA = nodes.submit(() -> a.rotateIfDue(due, INTERVAL));
        Future<Boolean> byB = nodes.submit(() -> b.rotateIfDue(due.plusMillis(1), INTERVAL));
        boolean rotatedByA = byA.get(10, TimeUnit.SECONDS);
        boolean rotatedByB = byB.get(10, TimeUnit.SECONDS);
        store.armed.set(false);

        assertThat(rotatedByA ^ rotatedByB).as("exactly one of a (%s) and b (%s) rotated", rotatedByA, rotatedByB).isTrue();
        assertThat(a.current().id()).isEqualTo(2);
        assertThat(b.current().secret()).isEqualTo(a.current().secret());
        assertThat(new JoinTicketSigner(b, INTERVAL).check(ticket, due.plusSeconds(1)).valid())
                .as("the ticket signed just before the rotation still verifies after it, on either node").isTrue();
    }

    @Test
    void overManyPeriodsTwoNodesRacingEveryTimeMakeOneKeyPerPeriod() throws Exception {
        ConcurrentMap<String, String> store = new ConcurrentHashMap<>();
        ServerKeyRing a = new ServerKeyRing(new SecureRandom(), store, T0);
        ServerKeyRing b = new ServerKeyRing(new SecureRandom(), store, T0);
        JoinTicketSigner onA = new JoinTicketSigner(a, INTERVAL);
        JoinTicketSigner onB = new JoinTicketSigner(b, INTERVAL);
        int periods = 300;
        List<String> falseRejects = new ArrayList<>();
        for (int p = 1; p <= periods; p++) {
            Instant due = T0.plus(INTERVAL.multipliedBy(p));
            // Signed on a a moment before both timers fire; redeemed on b a moment after.
            String ticket = onA.sign("t-" + p, REF, "alice", JoinTicket.VIEW, due.minusMillis(100));
            CyclicBarrier start = new CyclicBarrier(2);
            Future<Boolean> byA = nodes.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return a.rotateIfDue(due, INTERVAL);
            });
            Future<Boolean> byB = nodes.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return b.rotateIfDue(due.plusMillis(3), INTERVAL);
            });
            int rotations = (byA.get(10, TimeUnit.SECONDS) ? 1 : 0) + (byB.get(10, TimeUnit.SECONDS) ? 1 : 0);
            assertThat(rotations).as("rotations in period %d", p).isEqualTo(1);
            assertThat(a.current().id()).as("key after period %d", p).isEqualTo(p + 1);
            if (!onB.check(ticket, due.plusMillis(200)).valid()) {
                falseRejects.add(ticket);
            }
        }
        assertThat(falseRejects).as("tickets refused across a rotation").isEmpty();
    }

    @Test
    void timersOfAnyPhaseRotateOncePerPeriodAndATicketVerifiesOnEitherNodeForAnIntervalLessASecond() {
        for (long phaseMillis : new long[] {1, 250, 30_000, 58_999, 59_500, 59_999}) {
            ConcurrentMap<String, String> store = new ConcurrentHashMap<>();
            ServerKeyRing a = new ServerKeyRing(new SecureRandom(), store, T0);
            ServerKeyRing b = new ServerKeyRing(new SecureRandom(), store, T0);
            List<ServerKeyRing> rings = List.of(a, b);
            List<JoinTicketSigner> signers = List.of(new JoinTicketSigner(a, INTERVAL), new JoinTicketSigner(b, INTERVAL));
            // Each node's interval timer: a's fires at 60 s, 120 s, ...; b's at its phase, phase + 60 s, ...
            TreeMap<Instant, Integer> fires = new TreeMap<>();
            int periods = 100;
            for (int p = 0; p < periods; p++) {
                fires.put(T0.plus(INTERVAL.multipliedBy(p + 1)), 0);
                fires.put(T0.plus(INTERVAL.multipliedBy(p)).plusMillis(phaseMillis), 1);
            }
            List<Instant> rotations = new ArrayList<>();
            List<Map.Entry<Instant, String>> tickets = new ArrayList<>();
            for (Map.Entry<Instant, Integer> fire : fires.entrySet()) {
                Instant now = fire.getKey();
                int node = fire.getValue();
                tickets.add(Map.entry(now.minusMillis(1), signers.get(node).sign("t", REF, "alice", JoinTicket.VIEW, now.minusMillis(1))));
                if (rings.get(node).rotateIfDue(now, INTERVAL)) {
                    rotations.add(now);
                }
                tickets.removeIf(t -> !now.isBefore(t.getKey().plus(INTERVAL)));
                for (Map.Entry<Instant, String> t : tickets) {
                    if (now.isBefore(t.getKey().plus(INTERVAL).minusSeconds(1))) {
                        assertThat(signers.get(1 - node).check(t.getValue(), now.plusMillis(1)).valid())
                                .as("ticket issued at %s, checked on the other node at %s, b's phase %d ms", t.getKey(), now, phaseMillis).isTrue();
                    }
                }
            }
            assertThat(rotations).as("rotations in %d periods, b's phase %d ms", periods, phaseMillis).hasSizeBetween(periods - 1, periods);
            for (int i = 1; i < rotations.size(); i++) {
                assertThat(Duration.between(rotations.get(i - 1), rotations.get(i))).as("gap between rotations, b's phase %d ms", phaseMillis)
                        .isBetween(INTERVAL.minusSeconds(1), INTERVAL.plusSeconds(1));
            }
            assertThat(a.current().id()).isEqualTo(rotations.size() + 1);
        }
    }
}
