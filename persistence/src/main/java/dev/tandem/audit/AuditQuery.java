package dev.tandem.audit;

import java.time.Instant;

/**
 * Filters for reading the audit log a page at a time; every null filter matches everything.
 * Paging is by id: the next page asks for ids below the last one seen ({@code beforeId}), so rows
 * written meanwhile never shift a page.
 */
public record AuditQuery(String type, String groupId, String sessionRef, String actor, Outcome outcome,
        Instant since, Long beforeId, int limit) {
}
