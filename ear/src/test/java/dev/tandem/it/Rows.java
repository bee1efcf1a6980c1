package dev.tandem.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** What the tests read back from PostgreSQL: audit rows and session records, as a DBA would. */
public final class Rows {

    private Rows() {
    }

    /** One {@code audit_event} row. */
    public record Audit(String type, String outcome, String groupId, String sessionRef, String actor, String sourceIp,
            JsonObject detail) {
        public String reason() {
            return detail.getString("reason", null);
        }
    }

    /** One {@code cobrowse_session} row. */
    public record Session(String sessionRef, String groupId, String key, Instant startedAt, Instant endedAt,
            String endReason, String origin, String userAgent, String visitorIp, String node, int peakAgents, Instant lastSeenAt) {
    }

    /**
     * The audit rows whose source address is {@code ip} written after the row {@code afterId}
     * ({@link #lastAuditId()} taken before the call), oldest first. There is no lookup of all the rows
     * of an address: test addresses are drawn at random from small documentation networks, so another
     * test (or an earlier run on the same database) may have drawn the same one.
     */
    public static List<Audit> auditFrom(String ip, long afterId) {
        return audit("source_ip = ? AND id > " + afterId, ip);
    }

    /** The id of the newest audit row (0 when there is none). */
    public static long lastAuditId() {
        try (Connection c = TestEnvironment.connectAsOwner();
                PreparedStatement s = c.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM audit_event");
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The audit rows of one type written after the row {@code afterId} ({@link #lastAuditId()} taken
     * before the action), oldest first: rows of that type from earlier tests and runs never count.
     */
    public static List<Audit> auditOfType(String type, long afterId) {
        return audit("event_type = ? AND id > " + afterId, type);
    }

    /** The audit rows about one session, oldest first. */
    public static List<Audit> auditOfSession(String sessionRef) {
        return audit("session_ref = ?", sessionRef);
    }

    public static Optional<Session> session(String sessionRef) {
        return sessions("session_ref = ?", sessionRef).stream().findFirst();
    }

    public static List<Session> liveSessionsOf(String groupId) {
        return sessions("group_id = ? AND ended_at IS NULL", groupId);
    }

    /** The stored reference of a session id: its SHA-256, in hex. */
    public static String refOf(String sessionId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Audit> audit(String where, String value) {
        List<Audit> rows = new ArrayList<>();
        try (Connection c = TestEnvironment.connectAsOwner();
                PreparedStatement s = c.prepareStatement("SELECT event_type, outcome, group_id, session_ref, actor, source_ip, "
                        + "detail::text FROM audit_event WHERE " + where + " ORDER BY id")) {
            s.setString(1, value);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new Audit(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                            r.getString(6), Json.createReader(new StringReader(r.getString(7))).readObject()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private static List<Session> sessions(String where, String value) {
        List<Session> rows = new ArrayList<>();
        try (Connection c = TestEnvironment.connectAsOwner();
                PreparedStatement s = c.prepareStatement("SELECT session_ref, group_id, session_key, started_at, ended_at, end_reason, "
                        + "origin, user_agent, visitor_ip, node, peak_agents, last_seen_at FROM cobrowse_session WHERE " + where + " ORDER BY id")) {
            s.setString(1, value);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new Session(r.getString(1), r.getString(2), r.getString(3), instant(r, 4), instant(r, 5),
                            r.getString(6), r.getString(7), r.getString(8), r.getString(9), r.getString(10), r.getInt(11), instant(r, 12)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        java.time.OffsetDateTime t = r.getObject(column, java.time.OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
