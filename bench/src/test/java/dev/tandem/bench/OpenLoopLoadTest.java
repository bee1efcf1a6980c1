package dev.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The open-loop generator against an in-process loopback relay: what it sends, when, and what it records. */
class OpenLoopLoadTest {

    /** Delivers each visitor frame to the session's agents at once, in the sender's thread. */
    static final class LoopbackRelay implements Relay {
        @Override
        public String name() {
            return "loopback";
        }

        @Override
        public BenchSession open(int index, int agentCount, Trace trace, LoadStats stats) {
            List<AgentReceiver> agents = new ArrayList<>();
            for (int a = 0; a < agentCount; a++) {
                AgentReceiver agent = new AgentReceiver(stats);
                agent.socket = new Loopback(List.of());
                agents.add(agent);
            }
            VisitorSender visitor = new VisitorSender();
            visitor.socket = new Loopback(agents);
            visitor.send(frame(1, List.of(trace.opening())));
            return new BenchSession(index, null, null, visitor, agents);
        }

        @Override
        public String frame(long seq, List<String> events) {
            return "{\"seq\":" + seq + ",\"events\":[" + String.join(",", events) + "]}";
        }
    }

    /** A socket whose every text message is received at once, in the sender's thread, by {@code to}. */
    static final class Loopback implements WebSocket {
        private final List<? extends WebSocket.Listener> to;
        private volatile boolean closed;

        Loopback(List<? extends WebSocket.Listener> to) {
            this.to = to;
        }

        @Override
        public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
            to.forEach(a -> a.onText(this, data, true));
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
            closed = true;
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public void request(long n) {
        }

        @Override
        public String getSubprotocol() {
            return "";
        }

        @Override
        public boolean isOutputClosed() {
            return closed;
        }

        @Override
        public boolean isInputClosed() {
            return closed;
        }

        @Override
        public void abort() {
            closed = true;
        }
    }

    @Test
    void everyFrameGoesAtItsDueTimeAndEveryEventIntendedInTheWindowIsMeasured() throws Exception {
        int sessions = 20;
        OpenLoopLoad.Result r = OpenLoopLoad.run(new LoopbackRelay(), Trace.tiny(), sessions, 2, 20, Duration.ofMillis(300),
                Duration.ofSeconds(1), ServerCpu.none());

        assertThat(r.lost()).isZero();
        assertThat(r.reordered()).isZero();
        // 20 sessions × 20 events/s × 2 agents over a 1 s window (give or take a frame per session at each edge).
        assertThat(r.latency().getTotalCount()).isBetween(800L - 4 * sessions * 2, 800L + 4 * sessions * 2);
        assertThat(r.sendLag().getTotalCount()).isBetween(200L - 2 * sessions, 200L + 2 * sessions);
        assertThat(r.sendLag().getValueAtPercentile(50)).as("median send lag, µs: no 2 ms tick").isLessThan(1000);
    }
}
