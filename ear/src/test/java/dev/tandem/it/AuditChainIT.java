package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.retention.RetentionPolicy;
import dev.tandem.retention.RetentionRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit log's hash chain, as a DBA or auditor uses it: {@code audit_chain_check} is empty on an
 * honest log written concurrently, and names the first broken row after each kind of tampering by the
 * schema owner. Every tampering happens inside one transaction that is rolled back, so the shared
 * database keeps its honest chain for the other tests.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class AuditChainIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    /** A break the check view reports. */
    record Break(long chainSeq, String problem) {
    }

    static Optional<Break> firstBreak(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT chain_seq, problem FROM audit_chain_check")) {
            return r.next() ? Optional.of(new Break(r.getLong(1), r.getString(2))) : Optional.empty();
        }
    }

    /** Inserts {@code n} rows through the trigger, in the connection's transaction; returns their chain positions. */
    static List<Long> appendRows(Connection c, int n) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO audit_event (occurred_at, event_type, actor, outcome, detail) "
                + "VALUES (now(), 'JOIN_DENIED', ?, 'DENIED', jsonb_build_object('reason', 'bad_key')) RETURNING chain_seq")) {
            for (int i = 0; i < n; i++) {
                insert.setString(1, "chain-test-" + i);
                try (ResultSet r = insert.executeQuery()) {
                    r.next();
                    seqs.add(r.getLong(1));
                }
            }
        }
        return seqs;
    }

    static int update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    @Test
    void anHonestLogWrittenByManyThreadsAtOnceVerifies() throws Exception {
        String marker = UUID.randomUUID().toString();
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    try (Connection c = TestEnvironment.connectAsApplication();
                            PreparedStatement insert = c.prepareStatement("INSERT INTO audit_event (occurred_at, event_type, outcome, detail) "
                                    + "VALUES (now(), 'SESSION_STARTED', 'SUCCESS', jsonb_build_object('marker', ?::text, 'n', ?::text))")) {
                        for (int i = 0; i < perThread; i++) {
                            // Every other thread writes two rows per transaction, as the application does.
                            c.setAutoCommit(thread % 2 == 0);
                            insert.setString(1, marker);
                            insert.setString(2, thread + "-" + i);
                            insert.executeUpdate();
                            if (thread % 2 == 1 && i % 2 == 1) {
                                c.commit();
                            }
                        }
                        if (!c.getAutoCommit()) {
                            c.commit();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = TestEnvironment.connectAsOwner()) {
            try (PreparedStatement count = c.prepareStatement(
                    "SELECT count(*), count(DISTINCT chain_seq) FROM audit_event WHERE detail->>'marker' = ?")) {
                count.setString(1, marker);
                try (ResultSet r = count.executeQuery()) {
                    r.next();
                    assertThat(r.getInt(1)).isEqualTo(threads * perThread);
                    assertThat(r.getInt(2)).isEqualTo(threads * perThread);
                }
            }
            assertThat(firstBreak(c)).isEmpty();
        }
    }

    @Test
    void anUpdateOfOneColumnIsFoundAtThatRow() throws SQLException {
        tampered((c, rows) -> {
            update(c, "UPDATE audit_event SET actor = 'someone-else' WHERE chain_seq = " + rows.get(2));
            return rows.get(2);
        }, "row changed");
    }

    @Test
    void aDeletedMiddleRowIsFoundAtTheRowAfterIt() throws SQLException {
        tampered((c, rows) -> {
            update(c, "DELETE FROM audit_event WHERE chain_seq = " + rows.get(2));
            return rows.get(3);
        }, "row missing before this one");
    }

    @Test
    void aForgedRowWithAMadeUpHashIsFound() throws SQLException {
        tampered((c, rows) -> {
            long forged = rows.get(4) + 1;
            // The forger bypasses the trigger and writes the chain columns themselves.
            update(c, "ALTER TABLE audit_event DISABLE TRIGGER audit_event_chain");
            update(c, "INSERT INTO audit_event (occurred_at, event_type, outcome, chain_seq, prev_hash, row_hash) "
                    + "SELECT now(), 'AGENT_REVOKED', 'SUCCESS', " + forged + ", row_hash, repeat('ab', 32) "
                    + "FROM audit_event WHERE chain_seq = " + rows.get(4));
            return forged;
        }, "row changed");
    }

    @Test
    void twoRowsWhoseIdsWereSwappedAreFoundAtTheFirst() throws SQLException {
        tampered((c, rows) -> {
            update(c, "ALTER TABLE audit_event ALTER COLUMN id SET GENERATED BY DEFAULT");
            long a = rows.get(1);
            long b = rows.get(3);
            long idA = Long.parseLong(strings(c, "SELECT id FROM audit_event WHERE chain_seq = " + a).get(0));
            long idB = Long.parseLong(strings(c, "SELECT id FROM audit_event WHERE chain_seq = " + b).get(0));
            update(c, "UPDATE audit_event SET id = -1 WHERE chain_seq = " + a);
            update(c, "UPDATE audit_event SET id = " + idA + " WHERE chain_seq = " + b);
            update(c, "UPDATE audit_event SET id = " + idB + " WHERE chain_seq = " + a);
            return a;
        }, "row changed");
    }

    @Test
    void aTruncatedTailIsFoundAgainstTheLastCheckpoint() throws SQLException {
        tampered((c, rows) -> {
            long checkpointed;
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT chain_seq FROM audit_checkpoint_take('test')")) {
                assertThat(r.next()).isTrue();
                checkpointed = r.getLong(1);
            }
            assertThat(checkpointed).isEqualTo(rows.get(4));
            assertThat(firstBreak(c)).isEmpty();
            update(c, "DELETE FROM audit_event WHERE chain_seq >= " + rows.get(3));
            return checkpointed;
        }, "row is missing");
    }

    /** Appends five honest rows, tampers, and expects the check to name the row returned by {@code tamper}. */
    private static void tampered(Tampering tamper, String problem) throws SQLException {
        try (Connection c = TestEnvironment.connectAsOwner()) {
            c.setAutoCommit(false);
            try {
                List<Long> rows = appendRows(c, 5);
                assertThat(firstBreak(c)).as("before tampering").isEmpty();
                long expected = tamper.apply(c, rows);
                Optional<Break> found = firstBreak(c);
                assertThat(found).isPresent();
                assertThat(found.get().chainSeq()).isEqualTo(expected);
                assertThat(found.get().problem()).contains(problem);
            } finally {
                c.rollback();
            }
        }
    }

    @FunctionalInterface
    interface Tampering {
        long apply(Connection c, List<Long> rows) throws SQLException;
    }

    @Test
    void theServerLogsCheckpointsThatMatchTheTable() {
        Path log = TestEnvironment.serverLog();
        Pattern line = Pattern.compile("Audit chain checkpoint: chain_seq=(\\d+) row_hash=([0-9a-f]{64})");
        // The node writes one at start-up; wait for it rather than assume the timer already ran.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Matcher m = line.matcher(Files.readString(log, StandardCharsets.UTF_8));
            long seq = -1;
            String hash = null;
            while (m.find()) {
                seq = Long.parseLong(m.group(1));
                hash = m.group(2);
            }
            assertThat(hash).as("a checkpoint in %s", log).isNotNull();
            // What docs/database.md tells an auditor to run for each exported checkpoint.
            assertThat(strings("SELECT (row_hash = '" + hash + "')::text FROM audit_event WHERE chain_seq = " + seq)).containsExactly("true");
            assertThat(strings("SELECT count(*)::text FROM audit_checkpoint WHERE chain_seq = " + seq + " AND row_hash = '" + hash + "'"))
                    .doesNotContain("0");
        });
    }

    private static List<String> strings(String sql) throws SQLException {
        try (Connection c = TestEnvironment.connectAsOwner()) {
            return strings(c, sql);
        }
    }

    @Test
    void retentionDeletesOnlyOldEndedSessionsAndTheOldEndOfTheChainWhichStillVerifies() throws SQLException {
        try (Connection c = TestEnvironment.connectAsOwner()) {
            c.setAutoCommit(false);
            try {
                // A world of its own inside this transaction: no other rows, no checkpoints.
                update(c, "DELETE FROM audit_checkpoint");
                update(c, "DELETE FROM audit_event");
                update(c, "DELETE FROM cobrowse_session");
                update(c, "INSERT INTO cobrowse_session (session_ref, group_id, session_key, started_at, ended_at, end_reason, last_seen_at) "
                        + "SELECT md5('old' || i) || md5('x' || i), 'g', '1' || i, now() - interval '400 days', "
                        + "now() - interval '400 days' + interval '1 hour', 'VISITOR_STOPPED', now() - interval '400 days' "
                        + "FROM generate_series(1, 12) i");
                update(c, "INSERT INTO cobrowse_session (session_ref, group_id, session_key, started_at, ended_at, end_reason, last_seen_at) "
                        + "VALUES (md5('recent') || md5('r'), 'g', '2', now() - interval '2 days', now() - interval '1 day', 'VISITOR_IDLE', now()), "
                        + "(md5('live') || md5('l'), 'g', '3', now() - interval '500 days', NULL, NULL, now())");
                String insertAudit = "INSERT INTO audit_event (occurred_at, event_type, outcome, actor) "
                        + "SELECT now() - interval '%s', 'SESSION_STARTED', 'SUCCESS', '%s' FROM generate_series(1, %d)";
                update(c, insertAudit.formatted("400 days", "old", 30));
                update(c, insertAudit.formatted("1 day", "recent", 5));
                update(c, insertAudit.formatted("400 days", "late-old", 1));
                update(c, "INSERT INTO audit_checkpoint (kind, chain_seq, row_hash) SELECT 'PERIODIC', chain_seq, row_hash "
                        + "FROM audit_event ORDER BY chain_seq DESC LIMIT 1");

                RetentionRun.Deleted deleted = new RetentionRun(RetentionPolicy.of("P365D", "P365D", 7), "test", 100)
                        .apply(c, Instant.now(), () -> { });

                assertThat(deleted.sessions()).isEqualTo(12);
                assertThat(deleted.auditRows()).isEqualTo(30);
                assertThat(strings(c, "SELECT session_key FROM cobrowse_session ORDER BY session_key")).containsExactly("2", "3");
                assertThat(strings(c, "SELECT actor FROM audit_event WHERE event_type = 'SESSION_STARTED' ORDER BY chain_seq"))
                        .containsExactly("recent", "recent", "recent", "recent", "recent", "late-old");
                // 30 rows in batches of 7: five deletions, each audited; 12 sessions in two.
                assertThat(strings(c, "SELECT event_type || ' ' || (detail->>'fromSeq') || '-' || (detail->>'toSeq') FROM audit_event "
                        + "WHERE event_type = 'AUDIT_EVENTS_DELETED' ORDER BY chain_seq"))
                        .containsExactly("AUDIT_EVENTS_DELETED 1-7", "AUDIT_EVENTS_DELETED 8-14", "AUDIT_EVENTS_DELETED 15-21",
                                "AUDIT_EVENTS_DELETED 22-28", "AUDIT_EVENTS_DELETED 29-30");
                assertThat(strings(c, "SELECT detail->>'rows' FROM audit_event WHERE event_type = 'SESSIONS_DELETED' ORDER BY chain_seq"))
                        .containsExactly("7", "5");
                assertThat(strings(c, "SELECT min(chain_seq)::text FROM audit_event")).containsExactly("31");
                assertThat(strings(c, "SELECT chain_seq::text FROM audit_checkpoint WHERE kind = 'RETENTION' ORDER BY id DESC LIMIT 1"))
                        .containsExactly("31");
                assertThat(firstBreak(c)).isEmpty();

                // Deleting the old end by hand, without a retention checkpoint, is caught.
                update(c, "DELETE FROM audit_event WHERE chain_seq = 31");
                assertThat(firstBreak(c)).get().extracting(Break::chainSeq).isEqualTo(32L);
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    void theReportRoleReadsEveryTableAndViewAndMayWriteNothing() throws SQLException {
        try (Connection c = TestEnvironment.connectAsOwner()) {
            List<String> relations = strings(c, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v') AND c.relname <> 'flyway_schema_history' ORDER BY 1");
            assertThat(relations).contains("audit_event", "audit_checkpoint", "audit_chain_check", "report_session",
                    "report_agent_activity", "report_refusal", "report_revocation");
            for (String relation : relations) {
                assertThat(bool(c, "SELECT has_table_privilege('tandem_report', '" + relation + "', 'SELECT')")).as(relation).isTrue();
                for (String write : List.of("INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")) {
                    assertThat(bool(c, "SELECT has_table_privilege('tandem_report', '" + relation + "', '" + write + "')"))
                            .as("%s on %s", write, relation).isFalse();
                }
            }
            assertThat(bool(c, "SELECT has_schema_privilege('tandem_report', 'public', 'CREATE')")).isFalse();
            assertThat(bool(c, "SELECT has_table_privilege('tandem_report', 'flyway_schema_history', 'SELECT')")).isFalse();
            assertThat(bool(c, "SELECT has_function_privilege('tandem_report', 'audit_event_purge(timestamptz, integer, varchar)', 'EXECUTE')"))
                    .isFalse();
            assertThat(strings(c, "SELECT rolcanlogin::text || rolsuper::text || rolcreaterole::text || rolcreatedb::text "
                    + "FROM pg_roles WHERE rolname = 'tandem_report'")).containsExactly("falsefalsefalsefalse");
            assertThat(strings(c, "SELECT count(*)::text FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
                    + "WHERE r.rolname = 'tandem_report'")).as("tandem_report is a member of no role").containsExactly("0");

            // The application role is unchanged: append-only on the log, nothing on checkpoints.
            String app = TestEnvironment.applicationRole();
            for (String write : List.of("UPDATE", "DELETE", "TRUNCATE")) {
                assertThat(bool(c, "SELECT has_table_privilege('" + app + "', 'audit_event', '" + write + "')")).isFalse();
            }
            for (String any : List.of("SELECT", "INSERT", "UPDATE", "DELETE")) {
                assertThat(bool(c, "SELECT has_table_privilege('" + app + "', 'audit_checkpoint', '" + any + "')")).isFalse();
            }
        }
    }

    @Test
    void everyTableViewAndColumnHasACommentAndIsInTheDocs() throws SQLException, IOException {
        String docs = Files.readString(Path.of("..", "docs", "database.md"), StandardCharsets.UTF_8);
        try (Connection c = TestEnvironment.connectAsOwner()) {
            assertThat(strings(c, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v') AND obj_description(c.oid, 'pg_class') IS NULL"))
                    .as("tables and views without a comment").isEmpty();
            List<String> columns = strings(c, "SELECT c.relname || '.' || a.attname || '|' || coalesce(col_description(c.oid, a.attnum), '') "
                    + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
                    + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v') AND c.relname <> 'flyway_schema_history' ORDER BY c.relname, a.attnum");
            assertThat(columns).as("columns without a comment").noneMatch(col -> col.endsWith("|"));
            for (String column : columns) {
                String[] parts = column.substring(0, column.indexOf('|')).split("\\.", 2);
                int section = docs.indexOf("### `" + parts[0] + "`");
                assertThat(section).as("docs/database.md has a section ### `%s`", parts[0]).isNotNegative();
                int next = docs.indexOf("\n### ", section + 1);
                String body = docs.substring(section, next < 0 ? docs.length() : next);
                assertThat(body).as("docs/database.md documents %s.%s", parts[0], parts[1]).contains("| `" + parts[1] + "` |");
            }
        }
    }

    @Test
    void everyViewsFilterUsesAnIndexOnAHundredThousandRows() throws SQLException {
        try (Connection c = TestEnvironment.connectAsOwner()) {
            c.setAutoCommit(false);
            try {
                update(c, "INSERT INTO audit_event (occurred_at, event_type, group_id, session_ref, actor, source_ip, outcome, detail) "
                        + "SELECT now() - (i % 365) * interval '1 day' - (i % 86400) * interval '1 second', "
                        + "(ARRAY['SESSION_STARTED','SESSION_ENDED','START_DENIED','JOIN_REQUESTED','JOIN_DENIED','AGENT_JOINED',"
                        + "'AGENT_LEFT','SOCKET_REFUSED','CSP_VIOLATION','AGENT_REVOKED'])[1 + i % 10], "
                        + "'g-' || (i % 100), md5('s' || (i % 20000)) || md5('t' || (i % 20000)), "
                        + "CASE WHEN i % 3 = 0 THEN 'visitor' ELSE 'agent-' || (i % 500) END, "
                        + "'198.51.' || (i % 200) || '.' || (i % 250), 'SUCCESS', "
                        + "jsonb_build_object('reason', 'r' || (i % 7), 'agent', 'agent-' || (i % 499)) "
                        + "FROM generate_series(1, 100000) i");
                update(c, "INSERT INTO cobrowse_session (session_ref, group_id, session_key, started_at, ended_at, end_reason, last_seen_at) "
                        + "SELECT md5('s' || i) || md5('t' || i), 'g-' || (i % 100), (i % 1000000)::text, "
                        + "now() - (i % 365) * interval '1 day', now() - (i % 365) * interval '1 day' + interval '10 minutes', "
                        + "'VISITOR_STOPPED', now() - (i % 365) * interval '1 day' FROM generate_series(1, 100000) i");
                update(c, "ANALYZE audit_event");
                update(c, "ANALYZE cobrowse_session");
                assertThat(strings(c, "SELECT (count(*) >= 100000)::text FROM audit_event")).containsExactly("true");

                assertIndexed(c, "SELECT * FROM report_session WHERE group_id = 'g-7' AND started_at >= now() - interval '7 days'",
                        "cobrowse_session_group_started_idx");
                assertIndexed(c, "SELECT * FROM report_session WHERE session_ref = md5('s1') || md5('t1')", "cobrowse_session_ref_uk");
                assertIndexed(c, "SELECT * FROM report_agent_activity WHERE agent = 'agent-17' AND occurred_at >= now() - interval '30 days'",
                        "audit_event_actor_idx");
                assertIndexed(c, "SELECT reason, count(*) FROM report_refusal WHERE occurred_at >= now() - interval '1 day' GROUP BY reason",
                        "audit_event_type_time_idx", "audit_event_occurred_at_idx");
                assertIndexed(c, "SELECT * FROM report_refusal WHERE group_id = 'g-3' AND occurred_at >= now() - interval '7 days'",
                        "audit_event_group_time_idx");
                assertIndexed(c, "SELECT * FROM report_refusal WHERE source_ip = '198.51.7.7'", "audit_event_source_ip_idx");
                assertIndexed(c, "SELECT * FROM report_revocation WHERE agent = 'agent-5'", "audit_event_revoked_agent_idx");
            } finally {
                c.rollback();
            }
        }
    }

    /** The plan scans no table sequentially and uses one of {@code indexes}. */
    private static void assertIndexed(Connection c, String query, String... indexes) throws SQLException {
        String plan = String.join("\n", strings(c, "EXPLAIN " + query));
        assertThat(plan).as(query).doesNotContain("Seq Scan on audit_event").doesNotContain("Seq Scan on cobrowse_session");
        assertThat(List.of(indexes)).as("%s%n%s", query, plan).anyMatch(plan::contains);
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    private static boolean bool(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getBoolean(1);
        }
    }
}
