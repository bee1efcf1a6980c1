package dev.tandem.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The open-loop load: every visitor sends a frame of {@value #EVENTS_PER_FRAME} trace events at
 * fixed intended times (a constant rate, whatever the relay does), each event stamped with its
 * intended send time; the agents record the latency from that time. Warm-up first, then the
 * measured window, then a drain that counts what never arrived.
 */
public final class OpenLoopLoad {

    static final int EVENTS_PER_FRAME = 2;

    /** What one run measured. Latencies in microseconds. */
    public record Result(String relay, String trace, int sessions, int agentsPerSession, double eventsPerSecondPerVisitor,
            Histogram latency, long sent, long delivered, long lost, long reordered, double serverCpuSeconds, double seconds,
            Map<String, Double> cpuByThreadGroup) {

        public double deliveriesPerSecond() {
            return delivered / seconds;
        }

        /** Held, as M3 counts it: p99 at most 50 ms and nothing lost. */
        public boolean held() {
            return lost == 0 && latency.getValueAtPercentile(99) <= 50_000;
        }

        /** Server CPU time per delivered event, in microseconds. */
        public double cpuMicrosPerDelivery() {
            return microsPerDelivery(serverCpuSeconds);
        }

        /** Some of the server's CPU seconds in this run (a thread group's, say), per delivered event, in microseconds. */
        public double microsPerDelivery(double cpuSeconds) {
            return delivered == 0 ? Double.NaN : cpuSeconds * 1e6 / delivered;
        }
    }

    private OpenLoopLoad() {
    }

    public static Result run(Relay relay, Trace trace, int sessions, int agentsPerSession, double eventsPerSecond, Duration warmup,
            Duration measure, ServerCpu cpu) throws Exception {
        LoadStats stats = new LoadStats();
        List<Relay.BenchSession> open = openAll(relay, trace, sessions, agentsPerSession, stats);
        long period = (long) (EVENTS_PER_FRAME * 1e9 / eventsPerSecond);
        long start = System.nanoTime() + 200_000_000L;
        long[] nextDue = new long[sessions];
        long[] frameSeq = new long[sessions];
        long[] eventSeq = new long[sessions];
        for (int s = 0; s < sessions; s++) {
            nextDue[s] = start + period * s / sessions; // spread over one period: no synchronized bursts
            frameSeq[s] = 1; // frame 1 was the opening
        }
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bench-ticker"));
        ticker.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            for (int s = 0; s < sessions; s++) {
                while (nextDue[s] <= now) {
                    List<String> events = new ArrayList<>(EVENTS_PER_FRAME);
                    for (int e = 0; e < EVENTS_PER_FRAME; e++) {
                        events.add(trace.stamped((int) eventSeq[s], s, eventSeq[s], nextDue[s]));
                        eventSeq[s]++;
                    }
                    open.get(s).visitor().send(relay.frame(++frameSeq[s], events));
                    stats.sent.add((long) EVENTS_PER_FRAME * agentsPerSession);
                    nextDue[s] += period;
                }
            }
        }, 0, 2, TimeUnit.MILLISECONDS);
        try {
            waitFor(warmup);
            stats.takeInterval();
            long deliveredBefore = stats.delivered();
            double cpuBefore = cpu.seconds();
            Map<String, Double> threadsBefore = cpu.byThreadGroup();
            long t0 = System.nanoTime();
            waitFor(measure);
            Histogram latency = stats.takeInterval();
            double cpuUsed = cpu.seconds() - cpuBefore;
            Map<String, Double> threadsUsed = ServerCpu.used(threadsBefore, cpu.byThreadGroup());
            double seconds = (System.nanoTime() - t0) / 1e9;
            long deliveredInWindow = stats.delivered() - deliveredBefore;
            ticker.shutdownNow();
            ticker.awaitTermination(5, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (stats.delivered() < stats.sent() && System.nanoTime() < deadline) {
                waitFor(Duration.ofMillis(50)); // draining: frames in flight still arrive
            }
            return new Result(relay.name(), trace.name(), sessions, agentsPerSession, eventsPerSecond, latency, stats.sent(),
                    deliveredInWindow, stats.sent() - stats.delivered(), stats.reordered(), cpuUsed, seconds, threadsUsed);
        } finally {
            ticker.shutdownNow();
            open.forEach(Relay.BenchSession::close);
        }
    }

    static List<Relay.BenchSession> openAll(Relay relay, Trace trace, int sessions, int agents, LoadStats stats) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> new Thread(r, "bench-open"));
        try {
            List<Future<Relay.BenchSession>> futures = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                int index = s;
                futures.add(pool.submit(() -> relay.open(index, agents, trace, stats)));
            }
            List<Relay.BenchSession> open = new ArrayList<>();
            for (Future<Relay.BenchSession> f : futures) {
                open.add(f.get(120, TimeUnit.SECONDS));
            }
            // Every agent has its catch-up (or, on the null relay, the opening) before load starts.
            for (Relay.BenchSession s : open) {
                for (AgentReceiver a : s.agents()) {
                    a.firstMessage.get(60, TimeUnit.SECONDS);
                }
            }
            return Collections.unmodifiableList(open);
        } finally {
            pool.shutdownNow();
        }
    }

    static void waitFor(Duration duration) throws InterruptedException {
        // The load generator's own pacing: it waits out measured windows, it does not wait on a condition.
        TimeUnit.NANOSECONDS.sleep(duration.toNanos());
    }
}
