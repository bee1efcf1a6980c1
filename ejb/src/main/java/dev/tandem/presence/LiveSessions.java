package dev.tandem.presence;

import dev.tandem.visitor.SessionEnded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The one registry of the live sessions this node holds in memory, by session reference: for each,
 * a {@link LiveSession} with the visitor's stream, the viewer connections, the relay's state and
 * the unwritten visitor activity. A session enters when its visitor's stream says hello or an agent
 * opens a viewer; it leaves by exactly two doors, both here: it {@linkplain #sessionEnded ends}
 * (every connection closed, everything dropped), or its last connection closes. Nothing else adds
 * or removes; reading (who views, asking for a snapshot) never creates. Nothing here is stored.
 */
@ApplicationScoped
public class LiveSessions {

    /** Close code for a session that ended normally. */
    public static final int NORMAL = 1000;
    /** Close code for a connection whose pass is no longer good (expired, revoked, signed out). */
    public static final int POLICY = 1008;
    /**
     * Close code for a connection that reached a node not holding its session's stream, or whose
     * session's stream moved to another node: retryable, the client reconnects through the load
     * balancer (docs/protocol.md). 4421 after HTTP 421 Misdirected Request.
     */
    public static final int OTHER_NODE = 4421;

    private final Map<String, LiveSession> live = new ConcurrentHashMap<>();

    /**
     * The visitor's stream for a session said hello; an older stream of the same session is closed.
     * Returns the session, which the stream keeps for as long as it is open.
     */
    public LiveSession visitorConnected(String sessionRef, VisitorLink link) {
        VisitorLink[] older = new VisitorLink[1];
        LiveSession session = live.compute(sessionRef, (ref, s) -> {
            LiveSession current = s != null ? s : new LiveSession(ref);
            older[0] = current.replaceVisitor(link);
            return current;
        });
        if (older[0] != null && older[0] != link) {
            older[0].close(NORMAL, "replaced");
        }
        return session;
    }

    /**
     * The visitor's stream closed. If it was the session's current one, the relay lets go of what
     * it buffered, and the session leaves memory when no agent views it either.
     */
    public void visitorDisconnected(LiveSession session, VisitorLink link) {
        boolean[] current = new boolean[1];
        LiveSession dropped = dropIf(session.sessionRef(), s -> s == session && (current[0] = s.clearVisitor(link)) && s.isUnattended());
        if (dropped == null && current[0]) {
            session.visitorGone();
        }
    }

    /** Registers an open viewer connection; returns its session and how many distinct agents now view it. */
    public Opened opened(ViewerConnection connection) {
        LiveSession session = live.compute(connection.sessionRef(), (ref, s) -> {
            LiveSession current = s != null ? s : new LiveSession(ref);
            current.viewerSet().add(connection);
            return current;
        });
        return new Opened(session, viewing(connection.sessionRef()).size());
    }

    /** A viewer connection registered, its session, and how many distinct agents view that now. */
    public record Opened(LiveSession session, int viewers) {
    }

    /** Forgets a closed viewer connection; the session leaves memory when nobody is connected to it. */
    public void closed(ViewerConnection connection) {
        dropIf(connection.sessionRef(), s -> s.viewerSet().remove(connection) && s.isUnattended());
    }

    /** Asks the visitor of this session, if connected, for a fresh snapshot. */
    public void requestSnapshot(String sessionRef) {
        LiveSession session = live.get(sessionRef);
        VisitorLink link = session == null ? null : session.visitor();
        if (link != null) {
            link.requestSnapshot();
        }
    }

    /** Hands an agent's checked guidance message to the session's visitor; false when no visitor is connected. */
    public boolean guideVisitor(String sessionRef, String json) {
        LiveSession session = live.get(sessionRef);
        VisitorLink link = session == null ? null : session.visitor();
        if (link == null) {
            return false;
        }
        link.guide(json);
        return true;
    }

    /** The open connections to a session. */
    public List<ViewerConnection> connections(String sessionRef) {
        LiveSession session = live.get(sessionRef);
        return session == null ? List.of() : session.viewers();
    }

    /** Who views the session now, one entry per agent, ordered by display name. */
    public List<Viewer> viewing(String sessionRef) {
        return connections(sessionRef).stream().map(ViewerConnection::viewer).distinct()
                .sorted(Comparator.comparing(Viewer::displayName).thenComparing(Viewer::subject)).toList();
    }

    /** Moves the deadline of every connection admitted by this pass. */
    public void extendPass(String passId, Instant expiresAt) {
        live.values().forEach(s -> s.viewerSet().stream().filter(c -> c.passId().equals(passId)).forEach(c -> c.extendPass(expiresAt)));
    }

    /** Closes every connection of this agent; returns how many. */
    public int closeAgent(String subject, int code, String reason) {
        return closeWhere(c -> c.viewer().subject().equals(subject), code, reason);
    }

    /** Closes every connection admitted by this pass; returns how many. */
    public int closePass(String passId, int code, String reason) {
        return closeWhere(c -> c.passId().equals(passId), code, reason);
    }

    /** Closes the connections the predicate picks (expired or revoked passes, say); returns how many. */
    public int closeWhere(Predicate<ViewerConnection> which, int code, String reason) {
        List<ViewerConnection> picked = new ArrayList<>();
        live.values().forEach(s -> s.viewerSet().stream().filter(which).forEach(picked::add));
        picked.forEach(c -> {
            closed(c);
            c.close(code, reason);
        });
        return picked.size();
    }

    /** The sessions held now (a snapshot), for work over all of them such as writing idle clocks. */
    public List<LiveSession> all() {
        return List.copyOf(live.values());
    }

    /** True while this node holds the session in memory. */
    public boolean holds(String sessionRef) {
        return live.containsKey(sessionRef);
    }

    /** How many sessions this node holds in memory. */
    public int size() {
        return live.size();
    }

    /**
     * The session ended (or was found ended by a connection that raced with the end): it leaves
     * memory at once and every connection to it closes, saying why.
     */
    public void end(String sessionRef, String reason) {
        release(sessionRef, NORMAL, reason);
    }

    /**
     * The session leaves this node's memory and every connection to it here closes with this code:
     * {@link #NORMAL} when it ended, {@link #OTHER_NODE} when another node now holds its stream.
     */
    public void release(String sessionRef, int code, String reason) {
        LiveSession session = live.remove(sessionRef);
        if (session == null) {
            return;
        }
        session.drop();
        session.viewers().forEach(c -> c.close(code, reason));
        session.viewerSet().clear();
        VisitorLink visitor = session.replaceVisitor(null);
        if (visitor != null) {
            visitor.close(code, reason);
        }
    }

    /** A session that ends closes every connection to it and leaves memory. */
    void sessionEnded(@Observes(during = TransactionPhase.AFTER_SUCCESS) SessionEnded ended) {
        end(ended.sessionRef(), ended.reason().name());
    }

    /** Removes the session if {@code when} (evaluated atomically with the removal) says so; returns it if removed. */
    private LiveSession dropIf(String sessionRef, Predicate<LiveSession> when) {
        LiveSession[] dropped = new LiveSession[1];
        live.computeIfPresent(sessionRef, (ref, s) -> {
            if (when.test(s)) {
                dropped[0] = s;
                return null;
            }
            return s;
        });
        if (dropped[0] != null) {
            dropped[0].drop();
        }
        return dropped[0];
    }
}
