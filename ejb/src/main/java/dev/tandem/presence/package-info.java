/**
 * Presence and the registry of live sessions: which agents are viewing which live session right now,
 * the visitor's stream, and the relay's state for it, in memory on this node, in one
 * {@link dev.tandem.presence.LiveSession} per session with one lifecycle
 * ({@link dev.tandem.presence.LiveSessions}). The visitor's indicator reads who views ("an agent is
 * viewing: ..."); a session that ends, or whose last connection closes, is forgotten at once.
 * Nothing here is stored.
 */
package dev.tandem.presence;
