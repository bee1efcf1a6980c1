/**
 * Retention of ended sessions and audit rows, off by default: {@link dev.tandem.retention.RetentionTimer}
 * applies a {@link dev.tandem.retention.RetentionPolicy} in batches through the SQL functions of
 * migration V3, as the schema owner, each batch its own transaction. Audit rows go only from the old
 * end of the hash chain, leave a checkpoint at the new oldest row and are themselves audited.
 */
package dev.tandem.retention;
