package dev.tandem.join;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ids of redeemed join tickets, kept until the ticket could no longer verify anyway, so that
 * each ticket is redeemed once. Bounded by the ticket lifetime: entries past it are dropped.
 */
@ApplicationScoped
public class UsedTickets {

    private final Map<String, Instant> used = new ConcurrentHashMap<>();

    /** True the first time a ticket id is presented; false on every replay. */
    public boolean firstUse(String ticketId, Instant keepUntil, Instant now) {
        used.values().removeIf(until -> until.isBefore(now));
        return used.putIfAbsent(ticketId, keepUntil) == null;
    }
}
