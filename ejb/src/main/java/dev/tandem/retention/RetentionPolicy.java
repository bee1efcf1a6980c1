package dev.tandem.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How long ended sessions and audit rows are kept: ISO-8601 durations ({@code P365D}, {@code PT12H}),
 * or {@code keep} (the default) for no limit; and how many rows one batch deletes.
 */
public record RetentionPolicy(Optional<Duration> sessions, Optional<Duration> audit, int batchSize) {

    public static final String KEEP = "keep";

    public RetentionPolicy {
        if (batchSize < 1 || batchSize > 100_000) {
            throw new IllegalArgumentException("tandem.retention.batch-size must be 1 to 100000, was " + batchSize);
        }
    }

    /** Parses the configured values; anything other than {@code keep} or a positive duration is refused. */
    public static RetentionPolicy of(String sessions, String audit, int batchSize) {
        return new RetentionPolicy(period("tandem.retention.sessions", sessions), period("tandem.retention.audit", audit), batchSize);
    }

    static Optional<Duration> period(String key, String value) {
        if (value == null || value.isBlank() || KEEP.equalsIgnoreCase(value.strip())) {
            return Optional.empty();
        }
        try {
            Duration d = Duration.parse(value.strip());
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(key + " must be positive, was " + value);
            }
            return Optional.of(d);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " must be 'keep' or an ISO-8601 duration such as P365D, was " + value, e);
        }
    }

    public boolean keepsEverything() {
        return sessions.isEmpty() && audit.isEmpty();
    }

    public Optional<Instant> sessionCutoff(Instant now) {
        return sessions.map(now::minus);
    }

    public Optional<Instant> auditCutoff(Instant now) {
        return audit.map(now::minus);
    }
}
