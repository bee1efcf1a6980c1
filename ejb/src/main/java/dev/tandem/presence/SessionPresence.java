package dev.tandem.presence;

import dev.tandem.visitor.SessionEnded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The viewer connections open to each live session on this node, keyed by session reference. The
 * visitor's indicator reads who is viewing (an agent with two tabs counts once); revocation,
 * sign-out, expiry and the end of a session close connections through here.
 */
@ApplicationScoped
public class SessionPresence {

    /** Close code for a session that ended normally. */
    public static final int NORMAL = 1000;
    /** Close code for a connection whose pass is no longer good (expired, revoked, signed out). */
    public static final int POLICY = 1008;

    private final Map<String, Set<ViewerConnection>> connections = new ConcurrentHashMap<>();
    private final Map<String, VisitorLink> visitors = new ConcurrentHashMap<>();

    /** The visitor's stream for a session opened; an older one for the same session is closed. */
    public void visitorConnected(String sessionRef, VisitorLink link) {
        VisitorLink older = visitors.put(sessionRef, link);
        if (older != null && older != link) {
            older.close(NORMAL, "replaced");
        }
    }

    /** The visitor's stream closed; true if it was the session's current one. */
    public boolean visitorDisconnected(String sessionRef, VisitorLink link) {
        return visitors.remove(sessionRef, link);
    }

    /** Asks the visitor of this session, if connected, for a fresh snapshot. */
    public void requestSnapshot(String sessionRef) {
        VisitorLink link = visitors.get(sessionRef);
        if (link != null) {
            link.requestSnapshot();
        }
    }

    /** Registers an open connection; returns how many distinct agents now view its session. */
    public int opened(ViewerConnection connection) {
        connections.computeIfAbsent(connection.sessionRef(), ref -> ConcurrentHashMap.newKeySet()).add(connection);
        return viewing(connection.sessionRef()).size();
    }

    /** Forgets a closed connection. */
    public void closed(ViewerConnection connection) {
        connections.computeIfPresent(connection.sessionRef(), (ref, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    /** The open connections to a session. */
    public List<ViewerConnection> connections(String sessionRef) {
        Set<ViewerConnection> set = connections.get(sessionRef);
        return set == null ? List.of() : List.copyOf(set);
    }

    /** Who views the session now, one entry per agent, ordered by display name. */
    public List<Viewer> viewing(String sessionRef) {
        Set<ViewerConnection> set = connections.get(sessionRef);
        if (set == null) {
            return List.of();
        }
        return set.stream().map(ViewerConnection::viewer).distinct()
                .sorted(Comparator.comparing(Viewer::displayName).thenComparing(Viewer::subject)).toList();
    }

    /** Moves the deadline of every connection admitted by this pass. */
    public void extendPass(String passId, java.time.Instant expiresAt) {
        connections.values().forEach(set -> set.stream().filter(c -> c.passId().equals(passId)).forEach(c -> c.extendPass(expiresAt)));
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
        connections.values().forEach(set -> set.stream().filter(which).forEach(picked::add));
        picked.forEach(c -> {
            closed(c);
            c.close(code, reason);
        });
        return picked.size();
    }

    /** A session that ends closes every connection to it. */
    void sessionEnded(@Observes(during = TransactionPhase.AFTER_SUCCESS) SessionEnded ended) {
        Set<ViewerConnection> set = connections.remove(ended.sessionRef());
        if (set != null) {
            set.forEach(c -> c.close(NORMAL, ended.reason().name()));
        }
        VisitorLink visitor = visitors.remove(ended.sessionRef());
        if (visitor != null) {
            visitor.close(NORMAL, ended.reason().name());
        }
    }
}
