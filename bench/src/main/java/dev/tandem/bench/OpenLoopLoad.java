package dev.tandem.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The open-loop load: every visitor sends a frame of {@value #EVENTS_PER_FRAME} trace events at
 * fixed intended times (a constant rate, whatever the relay does), each event stamped with its
 * intended send time; the agents record the latency from that time. Warm-up first, then the
 * measured window, then a drain in which what was sent in the window still arrives and is recorded
 * by its intended time, and what never arrives is counted as lost.
 */
public final class OpenLoopLoad {

    static final int EVENTS_PER_FRAME = 2;
    /** How many sessions are opened at a time before a load (set-up is not measured; more at a time shortens the run). */
    static final int OPENERS = 8;
    /** How many at a time where the starts and joins themselves are measured (the audit chain's rounds). */
    static final int MEASURED_OPENERS = 4;

    /**
     * A run where the generator's own send lag was above this at p99 (microseconds) is flagged
     * invalid: its latencies would be partly the generator's.
     */
    static final long MAX_SEND_LAG_P99_MICROS = 1000;
    /** A run where the generator used more than this share of its core is flagged invalid. */
    static final double MAX_GENERATOR_CPU = 0.9;

    /**
     * What one run measured. Latencies in microseconds, of the events intended in the window (those
     * that arrived in the drain after it included). {@code sendLag} is the generator's own lag behind
     * the intended send times, {@code generatorCpu} its CPU time over the window's wall time (1.0 =
     * one core busy), {@code starts} and {@code joins} the session starts and agent joins (Tandem only)
     * made while the sessions were opened, {@code realtimeSender} whether the sender thread ran in the
     * real-time scheduling class ({@link RealtimeSender}).
     */
    public record Result(String relay, String trace, int sessions, int agentsPerSession, double eventsPerSecondPerVisitor,
            Histogram latency, long sent, long delivered, long lost, long reordered, double serverCpuSeconds, double seconds,
            Map<String, Double> cpuByThreadGroup, Histogram sendLag, double generatorCpu, Histogram starts, Histogram joins,
            boolean realtimeSender) {

        public double deliveriesPerSecond() {
            return delivered / seconds;
        }

        /** Held, as M3 counts it: p99 at most 50 ms and nothing lost. */
        public boolean held() {
            return lost == 0 && latency.getValueAtPercentile(99) <= 50_000;
        }

        /** False when the generator itself lagged (send lag p99 or its own CPU above the limits): the run says nothing about the relay. */
        public boolean valid() {
            return (sendLag.getTotalCount() == 0 || sendLag.getValueAtPercentile(99) <= MAX_SEND_LAG_P99_MICROS)
                    && !(generatorCpu > MAX_GENERATOR_CPU);
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
        return run(relay, trace, sessions, agentsPerSession, eventsPerSecond, warmup, measure, cpu, null);
    }

    /**
     * The load; when {@code during} is given, the measured window lasts while it runs (at least
     * {@code measure}), so that something else (late joins) is timed under this load.
     */
    public static Result run(Relay relay, Trace trace, int sessions, int agentsPerSession, double eventsPerSecond, Duration warmup,
            Duration measure, ServerCpu cpu, Callable<?> during) throws Exception {
        LoadStats stats = new LoadStats();
        List<Relay.BenchSession> open = openAll(relay, trace, sessions, agentsPerSession, stats);
        long period = (long) (EVENTS_PER_FRAME * 1e9 / eventsPerSecond);
        long start = System.nanoTime() + 200_000_000L;
        try {
            // Sessions spread evenly over one period, so due times come in order: session 0..n-1, then the next period.
            Window w = window(stop -> {
                long[] eventSeq = new long[sessions];
                long[] frameSeq = new long[sessions];
                java.util.Arrays.fill(frameSeq, 1); // frame 1 was the opening
                for (long k = 0; !stop.get(); k++) {
                    for (int s = 0; s < sessions; s++) {
                        long due = start + k * period + period * s / sessions;
                        if (!waitUntil(due, stop)) {
                            return;
                        }
                        stats.sent(due, System.nanoTime());
                        stats.sent.add((long) EVENTS_PER_FRAME * agentsPerSession);
                        sendFrame(relay, trace, open.get(s), s, eventSeq, ++frameSeq[s], due);
                    }
                }
            }, List.of(stats), warmup, measure, cpu, during);
            return new Result(relay.name(), trace.name(), sessions, agentsPerSession, eventsPerSecond, stats.latency(), stats.sent(),
                    w.delivered(), stats.sent() - stats.delivered(), stats.reordered(), w.serverCpuSeconds(), w.seconds(), w.cpuByThreadGroup(),
                    stats.sendLag(), w.generatorCpu(), stats.starts(), stats.joins(), w.realtime());
        } finally {
            open.forEach(Relay.BenchSession::close);
        }
    }

    /** Session {@code s}'s visitor sends its next {@value #EVENTS_PER_FRAME} trace events, stamped with their intended time. */
    static void sendFrame(Relay relay, Trace trace, Relay.BenchSession session, int s, long[] eventSeq, long frameSeq, long due) {
        List<String> events = new ArrayList<>(EVENTS_PER_FRAME);
        for (int e = 0; e < EVENTS_PER_FRAME; e++) {
            events.add(trace.stamped((int) eventSeq[s], s, eventSeq[s], due));
            eventSeq[s]++;
        }
        session.visitor().send(relay.frame(frameSeq, events));
    }

    /** Parks until {@code due} (no tick); false if the load was stopped meanwhile. */
    static boolean waitUntil(long due, AtomicBoolean stop) {
        long wait;
        while ((wait = due - System.nanoTime()) > 0 && !stop.get()) {
            LockSupport.parkNanos(wait);
        }
        return !stop.get();
    }

    /**
     * The measured part of a load: what the server and the generator used in the window, and how
     * much of the first stats' traffic was delivered in it. {@code realtime}: whether the sender
     * thread ran in the real-time class.
     */
    record Window(double serverCpuSeconds, double seconds, Map<String, Double> cpuByThreadGroup, double generatorCpu, long delivered,
            boolean realtime) {
    }

    /**
     * Runs {@code sends} on one sender thread (until the flag it is given is set) and measures: a
     * warm-up, then the window (at least {@code measure}, and while {@code during} runs when given),
     * then the drain, in which what was sent still arrives (up to 15 s) and what was intended in the
     * window is recorded by its intended time.
     */
    static Window window(java.util.function.Consumer<AtomicBoolean> sends, List<LoadStats> stats, Duration warmup, Duration measure,
            ServerCpu cpu, Callable<?> during) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean realtime = new AtomicBoolean();
        Thread sender = new Thread(() -> {
            realtime.set(RealtimeSender.raiseCallingThread());
            sends.accept(stop);
        }, "bench-sender");
        sender.setDaemon(true);
        sender.start();
        ServerCpu generator = new ServerCpu(ProcessHandle.current().pid());
        try {
            waitFor(warmup);
            long deliveredBefore = stats.get(0).delivered();
            double cpuBefore = cpu.seconds();
            double generatorBefore = generator.seconds();
            Map<String, Double> threadsBefore = cpu.byThreadGroup();
            long t0 = System.nanoTime();
            stats.forEach(s -> s.openWindow(t0));
            if (during != null) {
                during.call();
            }
            long left = measure.toNanos() - (System.nanoTime() - t0);
            if (left > 0) {
                TimeUnit.NANOSECONDS.sleep(left);
            }
            long t1 = System.nanoTime();
            stats.forEach(s -> s.closeWindow(t1));
            double cpuUsed = cpu.seconds() - cpuBefore;
            double generatorUsed = generator.seconds() - generatorBefore;
            Map<String, Double> threadsUsed = ServerCpu.used(threadsBefore, cpu.byThreadGroup());
            double seconds = (t1 - t0) / 1e9;
            long deliveredInWindow = stats.get(0).delivered() - deliveredBefore;
            stop.set(true);
            sender.join(5000);
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (stats.stream().anyMatch(s -> s.delivered() < s.sent()) && System.nanoTime() < deadline) {
                waitFor(Duration.ofMillis(50));
            }
            return new Window(cpuUsed, seconds, threadsUsed, generatorUsed / seconds, deliveredInWindow, realtime.get());
        } finally {
            stop.set(true);
        }
    }

    static List<Relay.BenchSession> openAll(Relay relay, Trace trace, int sessions, int agents, LoadStats stats) throws Exception {
        return openAll(relay, trace, sessions, agents, stats, 0);
    }

    /** Sessions {@code firstIndex} to {@code firstIndex + sessions - 1} (an index is a simulated visitor's address). */
    static List<Relay.BenchSession> openAll(Relay relay, Trace trace, int sessions, int agents, LoadStats stats, int firstIndex) throws Exception {
        return openAll(relay, trace, sessions, agents, stats, firstIndex, OPENERS);
    }

    /** As above, {@code openers} at a time. */
    static List<Relay.BenchSession> openAll(Relay relay, Trace trace, int sessions, int agents, LoadStats stats, int firstIndex, int openers)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(openers, r -> new Thread(r, "bench-open"));
        try {
            List<Future<Relay.BenchSession>> futures = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                int index = firstIndex + s;
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
