package dev.tandem.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One session's live stream, in memory only: the latest full snapshot and the events since (as
 * cleaned JSON text), and the agents' outboxes. A joining agent gets that catch-up and then every
 * later batch, in order, because both happen under this object's lock. Nothing here is ever
 * written anywhere.
 */
final class SessionStream {

    private static final int FULL_SNAPSHOT = 2;
    private static final int META = 4;

    private final StreamLimits limits;
    private final List<String> buffer = new ArrayList<>();
    private final Map<String, AgentOutbox> agents = new ConcurrentHashMap<>();
    private long bufferedBytes;
    private boolean hasSnapshot;
    private String lastMeta;

    SessionStream(StreamLimits limits) {
        this.limits = limits;
    }

    /**
     * A batch of cleaned events from the visitor. Returns true when the buffer has passed its
     * bounds and the visitor should take a fresh snapshot.
     */
    synchronized boolean visitorEvents(List<String> events, List<Integer> types) {
        int snapshotIndex = types.lastIndexOf(FULL_SNAPSHOT);
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i) == META && i < (snapshotIndex < 0 ? types.size() : snapshotIndex)) {
                lastMeta = events.get(i); // rrweb emits Meta, then FullSnapshot, maybe in separate batches
            }
        }
        if (snapshotIndex >= 0) {
            buffer.clear();
            bufferedBytes = 0;
            hasSnapshot = true;
            if (lastMeta != null && (snapshotIndex == 0 || types.get(snapshotIndex - 1) != META)) {
                keep(lastMeta);
            }
            events.subList(snapshotIndex > 0 && types.get(snapshotIndex - 1) == META ? snapshotIndex - 1 : snapshotIndex, events.size())
                    .forEach(this::keep);
        } else if (hasSnapshot) {
            events.forEach(this::keep);
            if (bufferedBytes > 2 * limits.bufferMaxBytes() || buffer.size() > 2 * limits.bufferMaxEvents()) {
                // The visitor ignored our requests for a fresh snapshot: stop buffering rather than grow.
                buffer.clear();
                bufferedBytes = 0;
                hasSnapshot = false;
            }
        }
        String message = RelayMessages.events(events);
        long size = AgentOutbox.utf8Length(message);
        agents.values().forEach(outbox -> outbox.offer(message, size));
        return hasSnapshot && (bufferedBytes > limits.bufferMaxBytes() || buffer.size() > limits.bufferMaxEvents());
    }

    private void keep(String event) {
        buffer.add(event);
        bufferedBytes += event.length();
    }

    /** Adds an agent and queues the catch-up for it, atomically with respect to new batches. */
    synchronized void addAgent(String id, AgentOutbox outbox) {
        agents.put(id, outbox);
        if (!buffer.isEmpty()) {
            outbox.offer(RelayMessages.events(buffer));
        }
    }

    void removeAgent(String id) {
        AgentOutbox outbox = agents.remove(id);
        if (outbox != null) {
            outbox.stop();
        }
    }

    /** The visitor left this page: what was buffered is of no use to anyone any more. */
    synchronized void visitorGone() {
        buffer.clear();
        bufferedBytes = 0;
        hasSnapshot = false;
    }

    synchronized long bufferedBytes() {
        return bufferedBytes;
    }

    boolean isIdle() {
        return agents.isEmpty();
    }
}
