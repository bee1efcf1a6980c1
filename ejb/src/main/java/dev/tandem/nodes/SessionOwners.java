package dev.tandem.nodes;

import dev.tandem.cluster.ClusterRecords;
import dev.tandem.session.CobrowseSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which node holds a live session's stream: {@code cobrowse_session.node}. The node that the
 * visitor's stream reaches takes the session (the load balancer decides, by the session reference in
 * the URL); a viewer that reaches any other node is closed with 4421 and reconnects. The node that
 * held it before notices within seconds ({@link ClusterSync}) and closes its connections the same way.
 */
@ApplicationScoped
public class SessionOwners {

    @Inject
    ClusterRecords records;

    @Inject
    @ConfigProperty(name = "tandem.node-name", defaultValue = "local")
    String node;

    /** The visitor's stream of this live session said hello here: this node holds it now. */
    public void claim(String sessionRef) {
        records.claimStream(sessionRef, node);
    }

    /** True if another node holds this session's stream. */
    public boolean elsewhere(CobrowseSession session) {
        return isElsewhere(session.node());
    }

    boolean isElsewhere(String owner) {
        return owner != null && !owner.equals(node);
    }
}
