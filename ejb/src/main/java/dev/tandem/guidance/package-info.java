/**
 * Agent guidance, the audit side: the modes an agent uses beyond watching (pointer, write) and the
 * refusals of what an agent asked for. What the agent points at, clicks or types is never stored
 * or logged (typed text is page content); only that a mode was requested, granted, declined or
 * revoked, and why an action was refused, each in its own transaction (docs/database.md).
 */
package dev.tandem.guidance;
