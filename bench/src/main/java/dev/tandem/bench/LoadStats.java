package dev.tandem.bench;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What the agents received: visitor→agent latency (from the intended send time, so that a stalled
 * sender does not hide its own delay: coordinated omission corrected) in an HdrHistogram, and the
 * counts of delivered, duplicated and out-of-order events. An event belongs to the measured window
 * by its <em>intended send time</em>, whenever it arrives: events sent in the window that arrive in
 * the drain after it are recorded too, so a saturated relay's late tail is not cut off.
 * Also kept: the generator's own send lag (actual − intended send time) and, for Tandem, how long
 * the session starts and agent joins took while sessions were opened.
 */
public final class LoadStats {

    private final Histogram window = new ConcurrentHistogram(3);
    private final Histogram sendLag = new ConcurrentHistogram(3);
    private final Histogram starts = new ConcurrentHistogram(3);
    private final Histogram joins = new ConcurrentHistogram(3);
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    final LongAdder sent = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder reordered = new LongAdder();

    void record(long intendedNanos, long receivedNanos) {
        if (intendedNanos >= windowStart && intendedNanos < windowEnd) {
            window.recordValue(Math.max(0, receivedNanos - intendedNanos) / 1000); // microseconds
        }
        delivered.increment();
    }

    /** The generator handed a frame due at {@code intendedNanos} to its socket at {@code actualNanos}. */
    void sent(long intendedNanos, long actualNanos) {
        if (intendedNanos >= windowStart && intendedNanos < windowEnd) {
            sendLag.recordValue(Math.max(0, actualNanos - intendedNanos) / 1000);
        }
    }

    void started(long micros) {
        starts.recordValue(micros);
    }

    void joined(long micros) {
        joins.recordValue(micros);
    }

    /** Events intended from now on are measured (until {@link #closeWindow()}). */
    void openWindow(long nanos) {
        windowStart = nanos;
    }

    /** Events intended from now on are not measured; those intended before still are, whenever they arrive. */
    void closeWindow(long nanos) {
        windowEnd = nanos;
    }

    /** The latencies (microseconds) of the events intended in the window, including those that arrived after it. */
    public Histogram latency() {
        return window.copy();
    }

    /** The generator's lag behind the intended send times in the window (microseconds). */
    public Histogram sendLag() {
        return sendLag.copy();
    }

    /** Session start times (visitor API call, microseconds), Tandem only. */
    public Histogram starts() {
        return starts.copy();
    }

    /** Agent join times (join, redeem, socket open to first message; microseconds), Tandem only. */
    public Histogram joins() {
        return joins.copy();
    }

    public long sent() {
        return sent.sum();
    }

    public long delivered() {
        return delivered.sum();
    }

    public long reordered() {
        return reordered.sum();
    }
}
