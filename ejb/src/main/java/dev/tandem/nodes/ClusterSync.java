package dev.tandem.nodes;

import dev.tandem.cluster.ClusterRecords;
import dev.tandem.join.AgentJoins;
import dev.tandem.join.Revocations;
import dev.tandem.presence.LiveSession;
import dev.tandem.presence.LiveSessions;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every two seconds (container timer, not a thread), what other nodes did reaches this one: new
 * revocations are read and the viewers they void closed (1008); sessions this node holds that ended
 * on another node (administrator, Stop, reaper) are ended here too, their connections closed as on
 * the node that ended them; sessions whose stream another node took are let go, their connections
 * closed with 4421 so that they reconnect there. At start, every revocation still in force is read.
 * While the database is unreachable one line is logged, then nothing until it answers again.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrator")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ClusterSync {

    private static final Logger LOG = Logger.getLogger(ClusterSync.class.getName());
    private static final Duration CLEAN_EVERY = Duration.ofMinutes(5);

    @Inject
    ClusterRecords records;

    @Inject
    Revocations revocations;

    @Inject
    AgentJoins joins;

    @Inject
    LiveSessions live;

    @Inject
    SessionOwners owners;

    @Inject
    Clock clock;

    private boolean failing;
    private Instant lastCleaned = Instant.EPOCH;

    @PostConstruct
    void start() {
        sync();
    }

    @Schedule(hour = "*", minute = "*", second = "*/2", persistent = false, info = "tandem-cluster-sync")
    void tick() {
        sync();
    }

    private void sync() {
        Instant now = clock.instant();
        try {
            if (revocations.refresh(now) > 0) {
                joins.closeLapsed(now);
            }
            List<String> held = live.all().stream().map(LiveSession::sessionRef).toList();
            for (ClusterRecords.SessionState state : records.states(held)) {
                if (state.ended()) {
                    live.end(state.sessionRef(), state.endReason());
                } else if (owners.isElsewhere(state.node())) {
                    live.release(state.sessionRef(), LiveSessions.OTHER_NODE, "other node");
                }
            }
            if (!now.isBefore(lastCleaned.plus(CLEAN_EVERY))) {
                records.deleteLapsed(now);
                lastCleaned = now;
            }
            if (failing) {
                LOG.info("Cluster sync reaches the database again");
            }
            failing = false;
        } catch (RuntimeException unreachable) {
            if (!failing) {
                LOG.log(Level.WARNING, "Cluster sync could not read the database, will retry every 2 s (logged once): {0}",
                        unreachable.getClass().getName());
            }
            failing = true;
        }
    }
}
