package dev.tandem.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class FaultLogTest {

    @Test
    void aFloodOfOneKindOfFailureIsOneLinePerInterval() {
        List<LogRecord> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(FaultLog.class.getName());
        logger.addHandler(capture);
        try {
            FaultLog log = new FaultLog();
            Instant start = Instant.parse("2026-01-01T00:00:00Z");
            log.clock = Clock.fixed(start, ZoneOffset.UTC);
            RuntimeException outage = new RuntimeException("secret", new SQLException("refused", "08001"));
            for (int i = 0; i < 1000; i++) {
                log.report("API request", outage);
            }
            log.report("API request", new NullPointerException());
            assertThat(lines).hasSize(2);

            log.clock = Clock.fixed(start.plus(FaultLog.INTERVAL), ZoneOffset.UTC);
            log.report("API request", outage);
            assertThat(lines).hasSize(3);
            Object[] params = lines.get(2).getParameters();
            assertThat(String.valueOf(params[1])).startsWith("database unavailable: ").doesNotContain("secret");
            assertThat(String.valueOf(params[3])).contains("999 more");
            assertThat(lines.get(0).getThrown()).as("never a stack trace").isNull();
        } finally {
            logger.removeHandler(capture);
        }
    }
}
