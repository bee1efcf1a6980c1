package dev.tandem.bench;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the agents received: visitor→agent latency (from the intended send time, so that a stalled
 * sender does not hide its own delay: coordinated omission corrected) in an HdrHistogram, and the
 * counts of delivered, duplicated and out-of-order events.
 */
public final class LoadStats {

    private final Recorder latency = new Recorder(3);
    final LongAdder sent = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder reordered = new LongAdder();

    void record(long intendedNanos, long receivedNanos) {
        latency.recordValue(Math.max(0, receivedNanos - intendedNanos) / 1000); // microseconds
        delivered.increment();
    }

    /** The latencies since the last call (microseconds), and a fresh start. */
    public Histogram takeInterval() {
        return latency.getIntervalHistogram();
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
