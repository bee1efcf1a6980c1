package dev.tandem.bench;

/**
 * A visitor's end of the pointer load: finds the pointer's {@code node} in each message as it
 * arrives (no JSON parsing, to keep the generator light) and records the latency from the pointer's
 * intended send time ({@link PointerSchedule}), and whether it came out of order. The null relay
 * passes the agent's {@code {"type":"pointer","node":N,…}} verbatim; Tandem wraps the checked copy
 * in {@code {"type":"agent",…,"message":{"node":N,…,"type":"pointer",…}}}. Other messages (Tandem's
 * {@code snapshot} requests) are not pointers and are passed over.
 */
final class PointerReceiver {

    private static final String NODE = "\"node\":";
    private static final String POINTER = "\"type\":\"pointer\"";

    private final LoadStats stats;
    private final PointerSchedule schedule;
    private final int session;
    private long lastNode;

    PointerReceiver(LoadStats stats, PointerSchedule schedule, int session) {
        this.stats = stats;
        this.schedule = schedule;
        this.session = session;
    }

    /** One whole message that arrived at {@code now} (called by the visitor socket's one listener thread at a time). */
    void scan(String message, long now) {
        int at = message.indexOf(NODE);
        if (at < 0 || !message.contains(POINTER)) {
            return;
        }
        int p = at + NODE.length();
        int end = p;
        while (end < message.length() && Character.isDigit(message.charAt(end))) {
            end++;
        }
        long node = Long.parseLong(message, p, end, 10);
        if (node <= lastNode) {
            stats.reordered.increment();
        }
        lastNode = Math.max(lastNode, node);
        stats.record(schedule.intended(session, node), now);
    }
}
