package dev.tandem.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.ClosedChannelException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failures on the sockets leave a trace without flooding the log or leaking what was sent: one
 * line per failure class per minute with its stack, a count of the others, no message text, and a
 * peer that went away only at FINE.
 */
class SocketFailuresTest {

    private static final String SECRET = "card 4111 1111 1111 1111";
    private final Logger logger = Logger.getLogger(SocketFailures.class.getName());
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level levelBefore;
    private Instant now = Instant.parse("2026-11-29T10:00:00Z");
    private final SocketFailures failures = new SocketFailures();

    @BeforeEach
    void listen() {
        levelBefore = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
        failures.clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(capture);
        logger.setLevel(levelBefore);
    }

    private static String printed(LogRecord record) {
        StringWriter out = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(out));
        return java.text.MessageFormat.format(record.getMessage(), record.getParameters()) + "\n" + out;
    }

    @Test
    void aServerBugIsLoggedWithItsStackButNeverItsMessage() {
        failures.report("visitor stream", new IllegalStateException(SECRET, new IllegalArgumentException(SECRET)));

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.WARNING);
            assertThat(printed(r)).contains("java.lang.IllegalStateException").contains("java.lang.IllegalArgumentException")
                    .contains("SocketFailuresTest").doesNotContain("4111");
        });
    }

    @Test
    void oneLinePerFailureClassPerMinuteWithTheCountOfTheRest() {
        for (int i = 0; i < 50; i++) {
            failures.report("viewer", new NullPointerException());
        }
        failures.report("viewer", new IllegalStateException());
        assertThat(records).hasSize(2);

        now = now.plus(SocketFailures.WINDOW);
        failures.report("viewer", new NullPointerException());

        assertThat(records).hasSize(3);
        assertThat(printed(records.get(2))).contains("49 more");
    }

    @Test
    void aPeerThatWentAwayIsOnlyAFineLine() {
        failures.report("viewer", new IllegalStateException(new ClosedChannelException()));
        failures.report("visitor stream", new IOException("Broken pipe"));

        assertThat(records).extracting(LogRecord::getLevel).containsOnly(Level.FINE);
    }
}
