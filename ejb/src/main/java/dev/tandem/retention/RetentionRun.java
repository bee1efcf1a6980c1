package dev.tandem.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * One application of a {@link RetentionPolicy} on a connection of the schema owner: batches of
 * {@code cobrowse_session_purge} and {@code audit_event_purge} until a batch deletes fewer rows than
 * its size or {@code maxBatches} ran. After each batch {@code endOfBatch} runs (the timer commits
 * there; a test may leave everything in one transaction and roll it back).
 */
public final class RetentionRun {

    /** What a run deleted. */
    public record Deleted(int sessions, int auditRows) {
    }

    /** What to do after each batch, e.g. {@code Connection::commit}. */
    @FunctionalInterface
    public interface EndOfBatch {
        void run() throws SQLException;
    }

    private final RetentionPolicy policy;
    private final String node;
    private final int maxBatches;

    public RetentionRun(RetentionPolicy policy, String node, int maxBatches) {
        this.policy = policy;
        this.node = node;
        this.maxBatches = maxBatches;
    }

    public Deleted apply(Connection owner, Instant now, EndOfBatch endOfBatch) throws SQLException {
        int sessions = purge(owner, "cobrowse_session_purge", policy.sessionCutoff(now), endOfBatch);
        int audit = purge(owner, "audit_event_purge", policy.auditCutoff(now), endOfBatch);
        return new Deleted(sessions, audit);
    }

    private int purge(Connection owner, String function, Optional<Instant> cutoff, EndOfBatch endOfBatch) throws SQLException {
        if (cutoff.isEmpty()) {
            return 0;
        }
        int total = 0;
        try (PreparedStatement s = owner.prepareStatement("SELECT " + function + "(?, ?, ?)")) {
            s.setTimestamp(1, Timestamp.from(cutoff.get()));
            s.setInt(2, policy.batchSize());
            s.setString(3, node);
            for (int batch = 0; batch < maxBatches; batch++) {
                int deleted;
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    deleted = r.getInt(1);
                }
                endOfBatch.run();
                total += deleted;
                if (deleted < policy.batchSize()) {
                    break;
                }
            }
        }
        return total;
    }
}
