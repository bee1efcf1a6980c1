package dev.tandem.join;

import dev.tandem.cluster.ClusterRecords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The ids of redeemed join tickets, kept until the ticket could no longer verify anyway, so that
 * each ticket is redeemed once: once on this node (memory, checked first), and once across every
 * node ({@code join_ticket_redemption}, whose primary key admits one redemption; a node that cannot
 * reach the database refuses rather than allow a second one). Entries past their time are dropped.
 */
@ApplicationScoped
public class UsedTickets {

    private final Map<String, Instant> used = new ConcurrentHashMap<>();

    @Inject
    ClusterRecords records;

    @Inject
    @ConfigProperty(name = "tandem.node-name", defaultValue = "local")
    String node;

    /** True the first time a ticket id is presented on any node; false on every replay. */
    public boolean firstUse(String ticketId, Instant keepUntil, Instant now) {
        used.values().removeIf(until -> until.isBefore(now));
        if (used.putIfAbsent(ticketId, keepUntil) != null) {
            return false;
        }
        return records.redeemTicket(ticketId, now, keepUntil, node);
    }
}
