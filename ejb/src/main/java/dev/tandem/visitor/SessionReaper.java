package dev.tandem.visitor;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.logging.Logger;

/** Every 15 seconds, ends the sessions past their idle timeout or maximum duration (container timer, not a thread). */
@Singleton
public class SessionReaper {

    private static final Logger LOG = Logger.getLogger(SessionReaper.class.getName());

    @Inject
    VisitorSessions sessions;

    @Inject
    Clock clock;

    @Schedule(hour = "*", minute = "*", second = "*/15", persistent = false, info = "tandem-session-reaper")
    void reap() {
        int ended = sessions.endExpired(clock.instant());
        if (ended > 0) {
            LOG.info(() -> "Ended " + ended + " expired co-browse session(s)");
        }
    }
}
