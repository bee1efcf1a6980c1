package dev.tandem.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The pointer load (issue 14): agent→visitor latency of pointer messages. Every session streams
 * like the M1 load (its visitor sends {@value OpenLoopLoad#EVENTS_PER_FRAME} trace events every
 * 100 ms to its one agent), and its agent sends {@value #POINTERS_PER_SECOND} pointer messages a
 * second back through the relay to the visitor, all at fixed intended times from one sender thread
 * ({@link PointerSchedule}). The pointers' latency, from intended send time to arrival at the
 * visitor's socket, is measured like M1's (coordinated omission corrected, HdrHistogram, drained),
 * and the generator's own send lag over all its sends, frames and pointers, decides the run's
 * validity as in every other load.
 */
public final class PointerLoad {

    /** Pointer messages a second per agent: the "≈ 30", under the relay's 50 a second per agent. */
    static final int POINTERS_PER_SECOND = 30;
    /** The visitors' event rate, as in the M1 load. */
    static final double EVENTS_PER_SECOND = 20;
    /** One period of the schedule: one visitor frame and {@link #POINTERS_PER_SECOND}/10 pointers per session. */
    static final long PERIOD_NANOS = (long) (OpenLoopLoad.EVENTS_PER_FRAME * 1e9 / EVENTS_PER_SECOND);

    /**
     * One run: {@code pointers} is the pointers' result (latency, sent, lost, reordered, the server's
     * CPU per delivered pointer, the generator's send lag and CPU: {@link OpenLoopLoad.Result#valid()}),
     * {@code events} the visitors' events the agents received meanwhile (their latency and losses).
     */
    public record Result(OpenLoopLoad.Result pointers, Histogram events, long eventsLost) {

        String summary() {
            OpenLoopLoad.Result p = pointers;
            return String.format(Locale.ROOT, "%-10s %4d sessions  pointer p50 %6.2f ms  p99 %7.2f ms  max %8.2f ms  lost %d  reordered %d"
                    + "  events p99 %7.2f ms  send lag p99 %.2f ms  generator cpu %.0f%%%s", p.relay(), p.sessions(),
                    p.latency().getValueAtPercentile(50) / 1000.0, p.latency().getValueAtPercentile(99) / 1000.0,
                    p.latency().getMaxValue() / 1000.0, p.lost(), p.reordered(), events.getValueAtPercentile(99) / 1000.0,
                    p.sendLag().getValueAtPercentile(99) / 1000.0, p.generatorCpu() * 100, p.valid() ? "" : "  INVALID (generator lagged)");
        }
    }

    private PointerLoad() {
    }

    /** Sessions {@code firstIndex} … {@code firstIndex + sessions - 1}, one agent each, opened, loaded and measured. */
    public static Result run(Relay relay, Trace trace, int sessions, int firstIndex, Duration warmup, Duration measure, ServerCpu cpu)
            throws Exception {
        LoadStats events = new LoadStats();
        LoadStats pointers = new LoadStats();
        List<Relay.BenchSession> open = OpenLoopLoad.openAll(relay, trace, sessions, 1, events, firstIndex);
        PointerSchedule schedule = new PointerSchedule(System.nanoTime() + 200_000_000L, PERIOD_NANOS, sessions,
                (int) Math.round(POINTERS_PER_SECOND * PERIOD_NANOS / 1e9));
        OrderedSender[] agents = new OrderedSender[sessions];
        for (int s = 0; s < sessions; s++) {
            open.get(s).visitor().pointers = new PointerReceiver(pointers, schedule, s);
            agents[s] = new OrderedSender();
            agents[s].socket = open.get(s).agents().get(0).socket;
        }
        List<PointerSchedule.Slot> slots = schedule.slots();
        try {
            OpenLoopLoad.Window w = OpenLoopLoad.window(stop -> {
                long[] eventSeq = new long[sessions];
                long[] frameSeq = new long[sessions];
                java.util.Arrays.fill(frameSeq, 1); // frame 1 was the opening
                for (long k = 0; !stop.get(); k++) {
                    for (PointerSchedule.Slot slot : slots) {
                        long due = schedule.due(k, slot);
                        if (!OpenLoopLoad.waitUntil(due, stop)) {
                            return;
                        }
                        int s = slot.session();
                        // The generator's send lag is over all its sends: a late frame delays the pointers after it.
                        pointers.sent(due, System.nanoTime());
                        if (slot.frame()) {
                            events.sent.add(OpenLoopLoad.EVENTS_PER_FRAME);
                            OpenLoopLoad.sendFrame(relay, trace, open.get(s), s, eventSeq, ++frameSeq[s], due);
                        } else {
                            pointers.sent.increment();
                            agents[s].send(message(schedule.node(k, slot)));
                        }
                    }
                }
            }, List.of(pointers, events), warmup, measure, cpu, null);
            OpenLoopLoad.Result r = new OpenLoopLoad.Result(relay.name(), trace.name(), sessions, 1, EVENTS_PER_SECOND, pointers.latency(),
                    pointers.sent(), w.delivered(), pointers.sent() - pointers.delivered(), pointers.reordered(), w.serverCpuSeconds(), w.seconds(),
                    w.cpuByThreadGroup(), pointers.sendLag(), w.generatorCpu(), events.starts(), events.joins(), w.realtime());
            return new Result(r, events.latency(), events.sent() - events.delivered());
        } finally {
            open.forEach(Relay.BenchSession::close);
        }
    }

    /** The pointer message an agent's viewer sends (docs/protocol.md): {@code node} is its number in the schedule. */
    static String message(int node) {
        return "{\"type\":\"pointer\",\"node\":" + node + ",\"x\":0.5,\"y\":0.25}";
    }
}
