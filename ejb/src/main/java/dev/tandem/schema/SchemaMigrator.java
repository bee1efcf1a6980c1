package dev.tandem.schema;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the schema migrations when the application starts. If migration fails the deployment
 * fails: the application never runs against a schema it does not know.
 *
 * <p>Flyway manages its own transactions on a non-JTA datasource, hence bean-managed transactions.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigrator {

    private static final Logger LOG = Logger.getLogger(SchemaMigrator.class.getName());
    private static final Pattern ROLE = Pattern.compile("^[a-z_][a-z0-9_]{0,62}$");

    @Resource(name = DataSources.MIGRATION)
    DataSource owner;

    @Inject
    @ConfigProperty(name = "tandem.db.app-role", defaultValue = "tandem_app")
    String appRole;

    @PostConstruct
    void migrate() {
        MigrateResult result = Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(owner)
                .locations("classpath:db/migration")
                .placeholders(Map.of("app_role", checkedRole(appRole)))
                .failOnMissingLocations(true)
                .load()
                .migrate();
        // Flyway names no target version when nothing was applied: the schema is then where it was.
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        LOG.info(() -> "Database schema at version " + version + " (" + result.migrationsExecuted + " migration(s) applied now)");
    }

    /** The role name goes into DDL, so it must be a plain lower-case identifier. */
    static String checkedRole(String role) {
        if (role == null || !ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("tandem.db.app-role must be a lower-case SQL identifier, was: " + role);
        }
        return role;
    }
}
