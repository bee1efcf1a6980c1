package dev.tandem.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means: the application's own database role reaches PostgreSQL and can read the migrated
 * audit table, within a few seconds. While it cannot, the node reports DOWN so the load balancer
 * sends it no new visitors or agents.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

    private static final int QUERY_TIMEOUT_SECONDS = 2;

    @Resource(lookup = "java:jboss/datasources/TandemDS")
    DataSource dataSource;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("database");
        try (Connection connection = dataSource.getConnection(); Statement probe = connection.createStatement()) {
            probe.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            // Touches the migrated schema through the least-privilege role: proves both at once.
            probe.execute("SELECT 1 FROM audit_event LIMIT 0");
            return response.up().build();
        } catch (SQLException e) {
            // The SQL state says what kind of failure it was without echoing URLs or credentials.
            return response.down().withData("reason", "database unreachable or schema missing")
                    .withData("sqlState", String.valueOf(e.getSQLState())).build();
        }
    }
}
