package dev.tandem.presence;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One live session as this node holds it in memory: the visitor's current stream, the agents'
 * viewer connections, the relay's state for it, and the visitor activity not yet written to its
 * idle clock. Created and dropped only by {@link LiveSessions}; once dropped it is {@link #isGone()
 * gone} for good, and whoever still holds it (a closing socket) can no longer bring it back.
 */
public final class LiveSession {

    private final String sessionRef;
    private final Set<ViewerConnection> viewers = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Instant> unwrittenActivity = new AtomicReference<>();
    private volatile VisitorLink visitor;
    private SessionRelay relay;
    private volatile boolean gone;

    LiveSession(String sessionRef) {
        this.sessionRef = sessionRef;
    }

    public String sessionRef() {
        return sessionRef;
    }

    /** The relay's state of this session, created by {@code create} the first time it is asked for. */
    public synchronized SessionRelay relay(Supplier<? extends SessionRelay> create) {
        if (relay == null) {
            relay = create.get();
            if (gone) {
                relay.release(); // asked for by a socket that lost the race with the end: born released
            }
        }
        return relay;
    }

    /** The visitor's stream was active at {@code at} (kept until the idle clocks are next written). */
    public void seen(Instant at) {
        unwrittenActivity.accumulateAndGet(at, (before, now) -> before == null || now.isAfter(before) ? now : before);
    }

    /** The activity noted since the last call, or null; what is taken is no longer noted here. */
    public Instant takeActivity() {
        return unwrittenActivity.getAndSet(null);
    }

    /** True once this node has let go of the session: it ended, or nobody was connected to it any more. */
    public boolean isGone() {
        return gone;
    }

    /** True while a visitor's stream is open to this session on this node. */
    public boolean visitorConnected() {
        return visitor != null;
    }

    VisitorLink visitor() {
        return visitor;
    }

    VisitorLink replaceVisitor(VisitorLink link) {
        VisitorLink older = visitor;
        visitor = link;
        return older;
    }

    boolean clearVisitor(VisitorLink link) {
        if (visitor != link) {
            return false;
        }
        visitor = null;
        return true;
    }

    Set<ViewerConnection> viewerSet() {
        return viewers;
    }

    List<ViewerConnection> viewers() {
        return List.copyOf(viewers);
    }

    boolean isUnattended() {
        return visitor == null && viewers.isEmpty();
    }

    synchronized void visitorGone() {
        if (relay != null) {
            relay.visitorGone();
        }
    }

    /** Marks the session gone and lets the relay's state go (its sockets are closed by the registry). */
    synchronized void drop() {
        gone = true;
        unwrittenActivity.set(null);
        if (relay != null) {
            relay.release();
        }
    }
}
