package dev.tandem.health;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means: the application's own database role reaches PostgreSQL and can read the migrated
 * audit table, within a few seconds. While it cannot, the node reports DOWN so the load balancer
 * sends it no new visitors or agents.
 *
 * <p>Dependent, not application-scoped, like the other checks: some servers (Payara) call health
 * checks on a thread where no application scope is active, and a dependent bean is called directly
 * rather than through a contextual proxy. The datasource is the application's default one, handed
 * over by the web module ({@link ApplicationDatabase}).
 */
@Readiness
@Dependent
public class DatabaseReadinessCheck implements HealthCheck {

    private static final int QUERY_TIMEOUT_SECONDS = 2;

    @Inject
    ApplicationDatabase database;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("database");
        Optional<DataSource> dataSource = database.dataSource();
        if (dataSource.isEmpty()) {
            return response.down().withData("reason", "application starting").build();
        }
        try (Connection connection = dataSource.get().getConnection(); Statement probe = connection.createStatement()) {
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
