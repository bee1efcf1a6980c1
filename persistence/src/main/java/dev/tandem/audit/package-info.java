/**
 * The audit trail: an append-only record of security-relevant events (who did what to which
 * co-browse session, from where, and with what outcome). {@link dev.tandem.audit.AuditEvent} is the
 * row and its rules; {@link dev.tandem.audit.AuditLog} is how the application writes and reads it;
 * {@link dev.tandem.audit.JpaAuditLog} stores it in the {@code audit_event} table, where the
 * application's database role may only INSERT and SELECT. Nothing a visitor shows, and no key,
 * token or cookie, is ever part of an event.
 */
package dev.tandem.audit;
