package dev.tandem.relay;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the socket endpoints' {@code @OnError} hands over: the failure's class and stack trace are
 * logged, never its message (a parser's message can quote what the visitor's page sent), at most
 * one line per endpoint and failure class per {@linkplain #WINDOW minute}, saying how many more
 * there were since the last line. A transport failure (an {@link IOException} anywhere in the
 * chain: the peer went away) is logged at {@code FINE}; anything else is a server bug and logged as
 * a {@code WARNING}.
 */
@ApplicationScoped
public class SocketFailures {

    static final Duration WINDOW = Duration.ofMinutes(1);
    /** More distinct failure classes than this are counted under one key: the map cannot grow without bound. */
    static final int MAX_KEYS = 256;
    private static final Logger LOG = Logger.getLogger(SocketFailures.class.getName());

    @Inject
    Clock clock;

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** How many failures of one kind since its window opened, and whether that window's line was written. */
    private static final class Window {
        Instant opened;
        long suppressed;
    }

    /** A failure reported by an endpoint ({@code "visitor stream"}, {@code "viewer"}). */
    public void report(String endpoint, Throwable failure) {
        boolean transport = isTransport(failure);
        String key = endpoint + " " + failure.getClass().getName();
        if (!windows.containsKey(key) && windows.size() >= MAX_KEYS) {
            key = endpoint + " (other)";
        }
        Instant now = clock.instant();
        long[] earlier = {-1};
        windows.compute(key, (k, w) -> {
            Window window = w != null ? w : new Window();
            if (window.opened == null || !now.isBefore(window.opened.plus(WINDOW))) {
                earlier[0] = window.suppressed;
                window.opened = now;
                window.suppressed = 0;
            } else {
                window.suppressed++;
            }
            return window;
        });
        if (earlier[0] < 0) {
            return;
        }
        Level level = transport ? Level.FINE : Level.WARNING;
        if (!LOG.isLoggable(level)) {
            return;
        }
        LogRecord record = new LogRecord(level, "Failure on a {0} socket: {1} ({2} more of this class in the last minute before this; "
                + "the next line for it comes after a minute at the earliest)");
        record.setParameters(new Object[] {endpoint, failure.getClass().getName(), earlier[0]});
        record.setThrown(Redacted.of(failure, 0));
        record.setLoggerName(LOG.getName());
        LOG.log(record);
    }

    /** True if the peer went away: an I/O failure anywhere in the chain. */
    static boolean isTransport(Throwable failure) {
        for (Throwable t = failure, seen = null; t != null && t != seen; seen = t, t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** A failure's class and stack trace (and its causes'), without any message. */
    static final class Redacted extends Throwable {
        private static final int MAX_DEPTH = 8;
        private final String className;

        private Redacted(String className, Redacted cause) {
            super(null, cause, false, true);
            this.className = className;
        }

        static Redacted of(Throwable failure, int depth) {
            Throwable cause = failure.getCause();
            Redacted redacted = new Redacted(failure.getClass().getName(),
                    cause != null && cause != failure && depth < MAX_DEPTH ? of(cause, depth + 1) : null);
            redacted.setStackTrace(failure.getStackTrace());
            return redacted;
        }

        @Override
        public String toString() {
            return className;
        }
    }
}
