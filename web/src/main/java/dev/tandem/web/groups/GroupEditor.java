package dev.tandem.web.groups;

import dev.tandem.audit.AuditEvent;
import dev.tandem.audit.AuditLog;
import dev.tandem.audit.Outcome;
import dev.tandem.group.CobrowseGroup;
import dev.tandem.group.GroupChange;
import dev.tandem.group.GroupRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Optional;

/**
 * Changes a group's settings for whoever the caller is (an administrator in the console or a
 * machine client with {@code cobrowse.groups.write}): checks the whole change first
 * ({@link GroupFields}), writes it and its {@code GROUP_CHANGED} audit row in one transaction, then
 * tells the caches ({@link GroupsChanged}) so the next visitor start sees it. Sessions already live
 * keep the settings they started with.
 */
@ApplicationScoped
public class GroupEditor {

    @Inject
    GroupRepository groups;

    @Inject
    AuditLog audit;

    @Inject
    Event<GroupsChanged> changed;

    @Inject
    Clock clock;

    /** The group after the change, or empty if there is no such group. */
    @Transactional
    public Optional<CobrowseGroup> change(String groupId, JsonObject body, String actor, String address) {
        GroupChange change = GroupFields.parse(body);
        if (!groups.update(groupId, change)) {
            return Optional.empty();
        }
        audit.record(AuditEvent.of("GROUP_CHANGED", Outcome.SUCCESS, clock.instant())
                .group(groupId)
                .actor(actor)
                .sourceIp(address)
                .detail("fields", String.join(",", new java.util.TreeSet<>(body.keySet()))));
        changed.fire(new GroupsChanged(groupId));
        return groups.find(groupId);
    }
}
