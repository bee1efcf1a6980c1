package dev.tandem.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * M6, from a recorded trace alone (no server): what a visitor uploads per minute after the
 * snapshot, and the snapshot message as it goes on the wire: its text, and the frame the generator
 * sends Tandem for it ({@link VisitorFrames}: compressed as the capture compresses it, when it
 * does), with the time {@link java.util.zip.Inflater} takes to inflate that frame, as the relay
 * does before its DOM firewall (median of {@value #INFLATE_RUNS} runs in the generator's JVM).
 * The events are grouped into messages as the capture sends them (one message per
 * {@value #BATCH_MILLIS} ms window of event timestamps, with the visitor message's envelope, and
 * compressed, as the capture does, when one is large); WebSocket and TLS framing (a few dozen
 * bytes per message) are not counted.
 */
record WireBytes(String page, long uploadBytes, double seconds, int messages, int snapshotBytes, int snapshotOnWire, boolean compressed,
        double inflateMillis) {

    static final int BATCH_MILLIS = 100;
    static final int INFLATE_RUNS = 7;
    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":(\\d+)");

    static WireBytes of(Trace trace) {
        List<String> events = trace.incrementals();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long bytes = 0;
        long window = Long.MIN_VALUE;
        int messages = 0;
        List<String> batch = new java.util.ArrayList<>();
        for (String event : events) {
            Matcher m = TIMESTAMP.matcher(event);
            long t = m.find() ? Long.parseLong(m.group(1)) : 0;
            first = Math.min(first, t);
            last = Math.max(last, t);
            if (t / BATCH_MILLIS != window) {
                bytes += onWire(messages, batch);
                batch.clear();
                window = t / BATCH_MILLIS;
                messages++;
            }
            batch.add(event);
        }
        bytes += onWire(messages, batch);
        String opening = "{\"type\":\"events\",\"seq\":1,\"events\":[" + trace.opening() + "]}";
        int raw = opening.getBytes(StandardCharsets.UTF_8).length;
        byte[] frame = VisitorFrames.compressed(opening, VisitorFrames.PRODUCT_MAX_INFLATE_RATIO);
        double inflate = frame == null ? 0 : inflateMillis(frame, raw);
        return new WireBytes(trace.name(), bytes, Math.max(1, last - first) / 1000.0, messages, raw, frame == null ? raw : frame.length,
                frame != null, inflate);
    }

    /** Bytes on the wire of one batch as the capture sends it (text, or compressed when it is large); 0 for none. */
    private static long onWire(long seq, List<String> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        String message = "{\"type\":\"events\",\"seq\":" + (1 + seq) + ",\"events\":[" + String.join(",", batch) + "]}";
        byte[] frame = VisitorFrames.compressed(message, VisitorFrames.PRODUCT_MAX_INFLATE_RATIO);
        return frame != null ? frame.length : message.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Median milliseconds to inflate the frame, after two runs that warm the code up. */
    static double inflateMillis(byte[] frame, int raw) {
        VisitorFrames.inflateNanos(frame, raw);
        VisitorFrames.inflateNanos(frame, raw);
        long[] runs = new long[INFLATE_RUNS];
        for (int i = 0; i < runs.length; i++) {
            runs[i] = VisitorFrames.inflateNanos(frame, raw);
        }
        java.util.Arrays.sort(runs);
        return runs[runs.length / 2] / 1e6;
    }

    /** Share of the snapshot message's text that goes on the wire (1 when it goes as text). */
    double snapshotShare() {
        return snapshotOnWire / (double) snapshotBytes;
    }

    /** Upload after the snapshot, in kbit/s. */
    double kilobitsPerSecond() {
        return uploadBytes * 8 / 1000.0 / seconds;
    }

    /** Seconds to upload the (raw or compressed) snapshot at {@code megabits} per second, transfer alone. */
    static double uploadSeconds(int bytes, double megabits) {
        return bytes * 8 / (megabits * 1e6);
    }
}
