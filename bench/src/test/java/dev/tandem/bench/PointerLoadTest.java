package dev.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pointer load against an in-process loopback relay, and what the visitor's end records of the two relays' messages. */
class PointerLoadTest {

    /** Frames go from the visitor to the agent, and what the agent sends goes back to the visitor, at once, verbatim. */
    static final class Loopback implements Relay {
        @Override
        public String name() {
            return "loopback";
        }

        @Override
        public BenchSession open(int index, int agentCount, Trace trace, LoadStats stats) {
            VisitorSender visitor = new VisitorSender();
            AgentReceiver agent = new AgentReceiver(stats);
            agent.socket = new OpenLoopLoadTest.Loopback(List.of(visitor));
            visitor.socket = new OpenLoopLoadTest.Loopback(List.of(agent));
            visitor.send(frame(1, List.of(trace.opening())));
            return new BenchSession(index, null, null, visitor, List.of(agent));
        }

        @Override
        public String frame(long seq, List<String> events) {
            return "{\"seq\":" + seq + ",\"events\":[" + String.join(",", events) + "]}";
        }
    }

    @Test
    void everyAgentPointsThirtyTimesASecondAndEveryPointerIntendedInTheWindowIsMeasuredAtTheVisitor() throws Exception {
        int sessions = 10;
        PointerLoad.Result r = PointerLoad.run(new Loopback(), Trace.tiny(), sessions, 0, Duration.ofMillis(300), Duration.ofSeconds(1),
                ServerCpu.none());

        assertThat(r.pointers().lost()).isZero();
        assertThat(r.pointers().reordered()).isZero();
        assertThat(r.eventsLost()).isZero();
        // 10 agents × 30 pointers/s over a 1 s window (give or take a period's pointers per session at each edge).
        assertThat(r.pointers().latency().getTotalCount()).isBetween(300L - 6 * sessions, 300L + 6 * sessions);
        // and meanwhile 10 visitors × 20 events/s to their agents
        assertThat(r.events().getTotalCount()).isBetween(200L - 4 * sessions, 200L + 4 * sessions);
        // the generator's lag is over every send, frames and pointers: 40 a second per session
        assertThat(r.pointers().sendLag().getTotalCount()).isBetween(400L - 8 * sessions, 400L + 8 * sessions);
        assertThat(r.pointers().latency().getValueAtPercentile(50)).as("loopback latency, µs").isLessThan(5_000);
    }

    @Test
    void theVisitorFindsThePointerInTheNullRelaysVerbatimCopyAndInTandemsCheckedOne() {
        PointerSchedule schedule = new PointerSchedule(1_000_000_000L, 100_000_000L, 4, 3);
        LoadStats stats = new LoadStats();
        stats.openWindow(0);
        PointerReceiver visitor = new PointerReceiver(stats, schedule, 2);
        long intended1 = schedule.intended(2, 1);
        long intended2 = schedule.intended(2, 2);

        visitor.scan(PointerLoad.message(1), intended1 + 3_000_000);
        visitor.scan("{\"type\":\"snapshot\"}", intended1 + 4_000_000);
        visitor.scan("{\"type\":\"agent\",\"agent\":\"0a1b2c3d4e5f\",\"name\":\"Bench Agent 3\",\"message\":{\"node\":2,\"x\":0.5,\"y\":0.25,"
                + "\"type\":\"pointer\",\"click\":false}}", intended2 + 7_000_000);

        assertThat(stats.delivered()).isEqualTo(2);
        assertThat(stats.latency().getTotalCount()).isEqualTo(2);
        assertThat(stats.latency().getMinValue()).isBetween(2_990L, 3_010L);
        assertThat(stats.latency().getMaxValue()).isBetween(6_990L, 7_010L);
        assertThat(stats.reordered()).isZero();

        visitor.scan(PointerLoad.message(1), intended2 + 8_000_000);
        assertThat(stats.reordered()).as("a pointer arriving after a later one").isEqualTo(1);
    }
}
