package dev.tandem.retention;

import dev.tandem.schema.DataSources;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every ten minutes, deletes ended sessions and audit rows older than the configured periods
 * ({@code tandem.retention.sessions}, {@code tandem.retention.audit}; default {@code keep}: nothing
 * is deleted). Runs as the schema owner, since the application role may not delete; each batch is
 * its own transaction, at most {@value #MAX_BATCHES} batches per table per run. A bad setting fails
 * the deployment.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class RetentionTimer {

    private static final Logger LOG = Logger.getLogger(RetentionTimer.class.getName());
    static final int MAX_BATCHES = 100;

    @Resource(name = DataSources.MIGRATION)
    DataSource owner;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "tandem.retention.sessions", defaultValue = RetentionPolicy.KEEP)
    String sessions;

    @Inject
    @ConfigProperty(name = "tandem.retention.audit", defaultValue = RetentionPolicy.KEEP)
    String audit;

    @Inject
    @ConfigProperty(name = "tandem.retention.batch-size", defaultValue = "1000")
    int batchSize;

    @Inject
    @ConfigProperty(name = "tandem.node-name", defaultValue = "local")
    String node;

    private RetentionPolicy policy;

    @PostConstruct
    void readPolicy() {
        policy = RetentionPolicy.of(sessions, audit, batchSize);
        LOG.info(() -> "Retention: sessions " + policy.sessions().map(Object::toString).orElse("kept")
                + ", audit rows " + policy.audit().map(Object::toString).orElse("kept"));
    }

    @Schedule(hour = "*", minute = "*/10", persistent = false, info = "tandem-retention")
    void apply() {
        if (policy.keepsEverything()) {
            return;
        }
        try (Connection c = owner.getConnection()) {
            c.setAutoCommit(false);
            try {
                RetentionRun.Deleted deleted = new RetentionRun(policy, node, MAX_BATCHES).apply(c, clock.instant(), c::commit);
                if (deleted.sessions() > 0 || deleted.auditRows() > 0) {
                    LOG.info(() -> "Retention deleted " + deleted.sessions() + " ended session(s) and "
                            + deleted.auditRows() + " audit row(s)");
                }
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Retention stopped, will retry at the next run: {0} SQLSTATE {1}",
                    new Object[] {e.getClass().getName(), e.getSQLState()});
        }
    }
}
