package dev.tandem.audit;

import java.util.List;

/**
 * Writes and reads the append-only audit log. Writing joins the caller's transaction, so an action
 * and its audit row commit together; if the row cannot be written, the action fails with it.
 */
public interface AuditLog {

    /** Stores the event; it can never be changed or removed afterwards. */
    void record(AuditEvent event);

    /** The newest events about one session, newest first, at most {@code max}. */
    List<AuditEvent> forSession(String sessionRef, int max);

    /** The newest events of one type, newest first, at most {@code max}. */
    List<AuditEvent> ofType(String type, int max);

    /**
     * One page of events matching every non-null filter, newest first: those with an id below
     * {@code query.beforeId()} (the last id of the previous page), at most {@code query.limit()}.
     */
    List<AuditEvent> page(AuditQuery query);
}
