package dev.tandem.relay;

import dev.tandem.visitor.VisitorSessions;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the idle clocks of streaming sessions: visitor streams note when they were last active,
 * and every {@value #FLUSH_SECONDS} seconds this node writes all of them in one transaction
 * ({@link VisitorSessions#streamsActive}). Writing each session's clock from its own stream, one
 * transaction per session every 15 s, had been about a seventh of the relay's endpoint CPU at 500
 * sessions (docs/benchmarks.md). A recorded clock is at most about {@value #FLUSH_SECONDS} s
 * behind (streams note their activity once a second; group idle timeouts are 30 s at the least,
 * checked every 15 s); what is not yet written when the node stops is lost, which can only end an
 * idle session up to that much earlier.
 */
@ApplicationScoped
public class StreamActivity {

    static final int FLUSH_SECONDS = 5;
    private static final Logger LOG = Logger.getLogger(StreamActivity.class.getName());

    @Inject
    VisitorSessions visitors;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final ConcurrentHashMap<String, Instant> lastActivity = new ConcurrentHashMap<>();
    private ScheduledFuture<?> flushing;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        flushing = scheduler.scheduleWithFixedDelay(this::flush, FLUSH_SECONDS, FLUSH_SECONDS, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (flushing != null) {
            flushing.cancel(false);
        }
    }

    /** The visitor's stream of this session was active at {@code at}. */
    void seen(String sessionRef, Instant at) {
        lastActivity.merge(sessionRef, at, (before, now) -> now.isAfter(before) ? now : before);
    }

    /** Writes what was noted since the last time; what fails to be written is noted again for the next. */
    void flush() {
        if (lastActivity.isEmpty()) {
            return;
        }
        Map<String, Instant> due = new HashMap<>();
        for (String ref : lastActivity.keySet()) {
            Instant at = lastActivity.remove(ref);
            if (at != null) {
                due.put(ref, at);
            }
        }
        try {
            visitors.streamsActive(due);
        } catch (RuntimeException failed) {
            due.forEach(this::seen);
            LOG.log(Level.WARNING, "Could not record the activity of {0} visitor stream(s), will retry: {1}",
                    new Object[] {due.size(), failed.getClass().getName()});
        }
    }
}
