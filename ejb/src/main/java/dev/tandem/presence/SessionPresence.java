package dev.tandem.presence;

import dev.tandem.visitor.SessionEnded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agents viewing each live session on this node, keyed by session reference. An agent viewing
 * from two tabs counts once. When a session ends ({@link SessionEnded}) its viewers are dropped.
 */
@ApplicationScoped
public class SessionPresence {

    private final Map<String, Set<Viewer>> viewers = new ConcurrentHashMap<>();

    /** Records that {@code viewer} now views the session; returns how many distinct agents view it. */
    public int joined(String sessionRef, Viewer viewer) {
        Set<Viewer> set = viewers.computeIfAbsent(sessionRef, ref -> ConcurrentHashMap.newKeySet());
        set.add(viewer);
        return set.size();
    }

    /** Records that {@code viewer} stopped viewing the session. */
    public void left(String sessionRef, Viewer viewer) {
        viewers.computeIfPresent(sessionRef, (ref, set) -> {
            set.remove(viewer);
            return set.isEmpty() ? null : set;
        });
    }

    /** Who views the session now, ordered by display name. */
    public List<Viewer> viewing(String sessionRef) {
        Set<Viewer> set = viewers.get(sessionRef);
        if (set == null) {
            return List.of();
        }
        return set.stream().sorted(Comparator.comparing(Viewer::displayName).thenComparing(Viewer::subject)).toList();
    }

    void forget(@Observes SessionEnded ended) {
        viewers.remove(ended.sessionRef());
    }
}
