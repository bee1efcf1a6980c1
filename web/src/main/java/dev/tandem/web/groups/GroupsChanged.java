package dev.tandem.web.groups;

/** A CDI event after a group's settings changed (committed or not yet): caches of group facts drop what they know. */
public record GroupsChanged(String groupId) {
}
