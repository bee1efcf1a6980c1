package dev.tandem.visitor;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Ends the sessions that can no longer go on (container timer, not a thread). At application start,
 * those this node left live when it last stopped or crashed ({@code SERVER_SHUTDOWN}: their visitor
 * tokens died with the previous run, and no agent should join them); if the database cannot be
 * reached then, the timer tries again. Every 15 seconds, those past their idle timeout or maximum
 * duration.
 */
@Singleton
@Startup
public class SessionReaper {

    private static final Logger LOG = Logger.getLogger(SessionReaper.class.getName());

    @Inject
    VisitorSessions sessions;

    @Inject
    Clock clock;

    private Instant started;
    private boolean previousRunEnded;

    @PostConstruct
    void start() {
        started = clock.instant();
        endPreviousRun();
    }

    /**
     * Each call to {@link VisitorSessions} runs in its own transaction. While the database is
     * unreachable a tick logs one line (the failure's class, no stack trace, no message) and the next
     * tick tries again: an exception left to the timer service would log two stack traces every 15 s.
     */
    @Schedule(hour = "*", minute = "*", second = "*/15", persistent = false, info = "tandem-session-reaper")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void reap() {
        if (!previousRunEnded) {
            endPreviousRun();
        }
        try {
            int ended = sessions.endExpired(clock.instant());
            if (ended > 0) {
                LOG.info(() -> "Ended " + ended + " expired co-browse session(s)");
            }
        } catch (RuntimeException unreachable) {
            LOG.log(Level.WARNING, "Could not end expired co-browse sessions, will retry: {0}", unreachable.getClass().getName());
        }
    }

    private void endPreviousRun() {
        try {
            int total = 0;
            for (int batch = sessions.endLeftByPreviousRun(started); batch > 0; batch = sessions.endLeftByPreviousRun(started)) {
                total += batch;
            }
            previousRunEnded = true;
            if (total > 0) {
                int count = total;
                LOG.info(() -> "Ended " + count + " co-browse session(s) this node left live before it restarted (SERVER_SHUTDOWN)");
            }
        } catch (RuntimeException unreachable) {
            LOG.log(Level.WARNING, "Could not end the sessions this node left live before it restarted, will retry: {0}",
                    unreachable.getClass().getName());
        }
    }
}
