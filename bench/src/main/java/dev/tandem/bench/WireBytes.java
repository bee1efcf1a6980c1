package dev.tandem.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;

/**
 * M6, from a recorded trace alone (no server): what a visitor uploads per minute after the
 * snapshot, and how small DEFLATE (the algorithm of the browser's {@code CompressionStream}, at
 * zlib's default level) makes the full snapshot. The events are grouped into messages as the
 * capture sends them (one message per {@value #BATCH_MILLIS} ms window of event timestamps, with
 * the visitor message's envelope); WebSocket and TLS framing (a few dozen bytes per message) are
 * not counted.
 */
record WireBytes(String page, long uploadBytes, double seconds, int messages, int snapshotBytes, int snapshotDeflated) {

    static final int BATCH_MILLIS = 100;
    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":(\\d+)");

    static WireBytes of(Trace trace) {
        List<String> events = trace.incrementals();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long bytes = 0;
        long window = Long.MIN_VALUE;
        int messages = 0;
        for (String event : events) {
            Matcher m = TIMESTAMP.matcher(event);
            long t = m.find() ? Long.parseLong(m.group(1)) : 0;
            first = Math.min(first, t);
            last = Math.max(last, t);
            bytes += event.getBytes(StandardCharsets.UTF_8).length + 1; // and its comma
            if (t / BATCH_MILLIS != window) {
                window = t / BATCH_MILLIS;
                messages++;
                bytes += "{\"type\":\"events\",\"seq\":1000,\"events\":[]}".length();
            }
        }
        byte[] snapshot = trace.opening().getBytes(StandardCharsets.UTF_8);
        return new WireBytes(trace.name(), bytes, Math.max(1, last - first) / 1000.0, messages, snapshot.length, deflated(snapshot));
    }

    static int deflated(byte[] raw) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[65536];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.size();
        } finally {
            deflater.end();
        }
    }

    /** Upload after the snapshot, in kbit/s. */
    double kilobitsPerSecond() {
        return uploadBytes * 8 / 1000.0 / seconds;
    }

    /** Seconds to upload the (raw or deflated) snapshot at {@code megabits} per second, transfer alone. */
    static double uploadSeconds(int bytes, double megabits) {
        return bytes * 8 / (megabits * 1e6);
    }
}
