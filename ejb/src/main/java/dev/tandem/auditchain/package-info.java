/**
 * Keeps the audit log's hash chain anchored outside its own table: every few minutes
 * {@link dev.tandem.auditchain.ChainCheckpoints} records the chain's head in {@code audit_checkpoint}
 * and in the server log, so that an auditor can tell when rows were cut from the tail. The chain
 * itself (hashes, order, the lock that serialises writers) lives in PostgreSQL, in migration V3.
 */
package dev.tandem.auditchain;
