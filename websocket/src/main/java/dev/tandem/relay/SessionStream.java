package dev.tandem.relay;

import dev.tandem.presence.SessionRelay;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One session's live stream, in memory only: the latest full snapshot and the events since (as
 * cleaned JSON text), and the agents' outboxes. A joining agent gets that catch-up and then every
 * later batch, in order, because both happen under this object's lock. Nothing here is ever
 * written anywhere. It is attached to the session's {@link dev.tandem.presence.LiveSession} and
 * released with it; once released it keeps nothing and accepts nothing.
 */
final class SessionStream implements SessionRelay {

    private static final int FULL_SNAPSHOT = 2;
    private static final int META = 4;

    private final StreamLimits limits;
    private final CatchUpBuffer buffer = new CatchUpBuffer();
    private final Map<String, AgentOutbox> agents = new ConcurrentHashMap<>();
    private boolean hasSnapshot;
    private String lastMeta;
    private boolean released;
    /** The agent (by its connection's agent id) holding write mode, or null: one at a time. */
    private String writer;
    /** Agents who asked for write and have no answer yet: an approval counts only for a pending request. */
    private final java.util.Set<String> writeRequests = new java.util.HashSet<>();

    SessionStream(StreamLimits limits) {
        this.limits = limits;
    }

    /**
     * A batch of cleaned events from the visitor. Returns true when the buffer has passed its
     * bounds and the visitor should take a fresh snapshot.
     */
    synchronized boolean visitorEvents(List<String> events, List<Integer> types) {
        if (released) {
            return false;
        }
        int snapshotIndex = types.lastIndexOf(FULL_SNAPSHOT);
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i) == META && i < (snapshotIndex < 0 ? types.size() : snapshotIndex)) {
                lastMeta = events.get(i); // rrweb emits Meta, then FullSnapshot, maybe in separate batches
            }
        }
        if (snapshotIndex >= 0) {
            buffer.clear();
            hasSnapshot = true;
            if (lastMeta != null && (snapshotIndex == 0 || types.get(snapshotIndex - 1) != META)) {
                buffer.add(lastMeta);
            }
            events.subList(snapshotIndex > 0 && types.get(snapshotIndex - 1) == META ? snapshotIndex - 1 : snapshotIndex, events.size())
                    .forEach(buffer::add);
        } else if (hasSnapshot) {
            events.forEach(buffer::add);
            if (buffer.chars() > 2 * limits.bufferMaxBytes() || buffer.events() > 2 * limits.bufferMaxEvents()) {
                // The visitor ignored our requests for a fresh snapshot: stop buffering rather than grow.
                buffer.clear();
                hasSnapshot = false;
            }
        }
        String message = RelayMessages.events(events);
        long size = AgentOutbox.utf8Length(message);
        agents.values().forEach(outbox -> outbox.offer(message, size));
        return hasSnapshot && (buffer.chars() > limits.bufferMaxBytes() || buffer.events() > limits.bufferMaxEvents());
    }

    /** Adds an agent and queues the catch-up for it, atomically with respect to new batches. */
    synchronized void addAgent(String id, AgentOutbox outbox) {
        if (released) {
            outbox.stop();
            return;
        }
        agents.put(id, outbox);
        if (!buffer.isEmpty()) {
            outbox.offer(buffer.message());
        }
    }

    void removeAgent(String id) {
        AgentOutbox outbox = agents.remove(id);
        if (outbox != null) {
            outbox.stop();
        }
    }

    /** This agent asked for write mode. */
    synchronized void writeRequested(String agentId) {
        if (!released) {
            writeRequests.add(agentId);
        }
    }

    /**
     * The visitor answered this agent's request; when granted: true if the agent had asked and
     * nobody else holds write (then this agent does). An answer with no request pending counts for nothing.
     */
    synchronized boolean answerWrite(String agentId, boolean granted) {
        boolean pending = writeRequests.remove(agentId);
        if (!granted || !pending || released || (writer != null && !writer.equals(agentId))) {
            return false;
        }
        writer = agentId;
        return true;
    }

    /** Write mode of this agent ends (taken back, given back, agent left); true if it held it. */
    synchronized boolean releaseWriter(String agentId) {
        writeRequests.remove(agentId);
        if (agentId.equals(writer)) {
            writer = null;
            return true;
        }
        return false;
    }

    synchronized boolean isWriter(String agentId) {
        return agentId.equals(writer);
    }

    /** The visitor left this page: what was buffered is of no use to anyone any more. */
    @Override
    public synchronized void visitorGone() {
        writer = null; // a new page asks again: an approval is never carried over
        writeRequests.clear();
        buffer.clear();
        hasSnapshot = false;
        lastMeta = null;
    }

    /** The session left memory: every outbox stops, nothing buffered is kept. */
    @Override
    public synchronized void release() {
        released = true;
        visitorGone();
        agents.values().forEach(AgentOutbox::stop);
        agents.clear();
    }
}
