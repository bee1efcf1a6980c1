package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit log is append-only for the application: through the application's own database role an
 * INSERT and a SELECT work, and an UPDATE, a DELETE or a TRUNCATE is refused by PostgreSQL.
 * (The schema is the one the deployed application migrated at start-up.)
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class AuditAppendOnlyIT {

    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    private long id;

    @BeforeEach
    void insertAnEventAsTheApplication() throws SQLException {
        try (Connection c = TestEnvironment.connectAsApplication();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO audit_event (occurred_at, event_type, outcome, detail) "
                                + "VALUES (now(), 'AGENT_JOINED', 'SUCCESS', ?::jsonb) RETURNING id")) {
            insert.setString(1, "{\"marker\":\"" + UUID.randomUUID() + "\"}");
            try (ResultSet rs = insert.executeQuery()) {
                assertThat(rs.next()).isTrue();
                id = rs.getLong(1);
            }
        }
    }

    @Test
    void theApplicationRoleCanReadWhatItWrote() throws SQLException {
        try (Connection c = TestEnvironment.connectAsApplication();
                PreparedStatement select = c.prepareStatement("SELECT event_type FROM audit_event WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("AGENT_JOINED");
            }
        }
    }

    @Test
    void theApplicationRoleCannotUpdateAnEvent() throws SQLException {
        try (Connection c = TestEnvironment.connectAsApplication(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_event SET outcome = 'DENIED' WHERE id = " + id))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE));
        }
        assertEventUnchanged();
    }

    @Test
    void theApplicationRoleCannotDeleteOrTruncateEvents() throws SQLException {
        try (Connection c = TestEnvironment.connectAsApplication(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_event WHERE id = " + id))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE));
            assertThatThrownBy(() -> s.executeUpdate("TRUNCATE audit_event"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE));
        }
        assertEventUnchanged();
    }

    private void assertEventUnchanged() throws SQLException {
        try (Connection c = TestEnvironment.connectAsApplication();
                PreparedStatement select = c.prepareStatement("SELECT outcome FROM audit_event WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).as("event %d still there", id).isTrue();
                assertThat(rs.getString(1)).isEqualTo("SUCCESS");
            }
        }
    }
}
