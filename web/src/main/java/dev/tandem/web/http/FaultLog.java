package dev.tandem.web.http;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The log of failures that can come in floods (a database outage fails every request): at most one
 * line per place and kind of failure per {@link #INTERVAL}, saying how many more there were, and
 * never a stack trace or an exception message. A thousand failed requests cost a few lines, not a
 * few hundred megabytes.
 */
@ApplicationScoped
public class FaultLog {

    static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(FaultLog.class.getName());

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    Clock clock = Clock.systemUTC();

    /** Reports a failure at a place (a short constant such as "visitor API"). */
    public void report(String where, Throwable failure) {
        report(where, failure, null);
    }

    /** As {@link #report(String, Throwable)}, naming the incident id the client was given. */
    public void report(String where, Throwable failure, String incident) {
        report(where, (Failures.databaseUnavailable(failure) ? "database unavailable: " : "") + Failures.kindOf(failure), incident);
    }

    /** Reports a failure without an exception, described by a constant (never input). */
    public void report(String where, String kind, String incident) {
        long more = windows.computeIfAbsent(where + '|' + kind, k -> new Window()).open(clock.instant());
        if (more >= 0) {
            LOG.log(Level.SEVERE, "{0} failed: {1}{2}{3}", new Object[] {where, kind,
                incident == null ? "" : " (incident " + incident + ")",
                more == 0 ? "" : "; " + more + " more like it in the previous " + INTERVAL.toSeconds() + " s"});
        }
    }

    /** Counts failures of one kind; opens for one log line per interval. */
    private static final class Window {
        private Instant openedAt;
        private long suppressed;

        /** -1: stay quiet; otherwise log, with how many were kept quiet since the last line. */
        synchronized long open(Instant now) {
            if (openedAt != null && openedAt.plus(INTERVAL).isAfter(now)) {
                suppressed++;
                return -1;
            }
            long more = suppressed;
            openedAt = now;
            suppressed = 0;
            return more;
        }
    }
}
