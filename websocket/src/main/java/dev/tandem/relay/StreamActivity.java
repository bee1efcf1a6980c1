package dev.tandem.relay;

import dev.tandem.presence.LiveSession;
import dev.tandem.presence.LiveSessions;
import dev.tandem.visitor.VisitorSessions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the idle clocks of streaming sessions: visitor streams note on their {@link LiveSession}
 * when they were last active, and every {@value #FLUSH_SECONDS} seconds this node writes all of them in one transaction
 * ({@link VisitorSessions#streamsActive}). Writing each session's clock from its own stream, one
 * transaction per session every 15 s, had been about a seventh of the relay's endpoint CPU at 500
 * sessions (docs/benchmarks.md). A recorded clock is at most about {@value #FLUSH_SECONDS} s
 * behind (streams note their activity once a second; group idle timeouts are 30 s at the least,
 * checked every 15 s); what is not yet written when the node stops is lost, which can only end an
 * idle session up to that much earlier.
 *
 * <p>The web module starts it ({@code dev.tandem.web.stream.RelayClocks}, a servlet context
 * listener) with the web module's own scheduler: this jar is an EAR library, which has no naming
 * context of its own on every server (Payara looks {@code @Resource} up only for components).
 */
@ApplicationScoped
public class StreamActivity {

    static final int FLUSH_SECONDS = 5;
    private static final Logger LOG = Logger.getLogger(StreamActivity.class.getName());

    @Inject
    VisitorSessions visitors;

    @Inject
    LiveSessions live;

    private ScheduledFuture<?> flushing;

    /** Starts writing the idle clocks every {@value #FLUSH_SECONDS} seconds on the given scheduler. */
    public synchronized void start(ManagedScheduledExecutorService scheduler) {
        if (flushing == null) {
            flushing = scheduler.scheduleWithFixedDelay(this::flushSafely, FLUSH_SECONDS, FLUSH_SECONDS, TimeUnit.SECONDS);
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (flushing != null) {
            flushing.cancel(false);
        }
    }

    /** A periodic task that throws is never run again: any failure is logged and the next tick comes. */
    private void flushSafely() {
        try {
            flush();
        } catch (RuntimeException failed) {
            LOG.log(Level.WARNING, "Could not write the visitor streams' idle clocks, will retry: {0}", failed.getClass().getName());
        }
    }

    /**
     * Writes what was noted since the last time; what fails to be written is noted again for the
     * next. A session that left memory in between takes its unwritten activity with it.
     */
    void flush() {
        Map<String, Instant> due = new HashMap<>();
        Map<String, LiveSession> noted = new HashMap<>();
        for (LiveSession session : live.all()) {
            Instant at = session.takeActivity();
            if (at != null) {
                due.put(session.sessionRef(), at);
                noted.put(session.sessionRef(), session);
            }
        }
        if (due.isEmpty()) {
            return;
        }
        try {
            visitors.streamsActive(due);
        } catch (RuntimeException failed) {
            due.forEach((ref, at) -> noted.get(ref).seen(at));
            LOG.log(Level.WARNING, "Could not record the activity of {0} visitor stream(s), will retry: {1}",
                    new Object[] {due.size(), failed.getClass().getName()});
        }
    }
}
