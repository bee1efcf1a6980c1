/**
 * Presence: which agents are viewing which live session right now, in memory on this node. The
 * visitor's indicator reads it ("an agent is viewing: ..."); agent connections add and remove
 * themselves; a session that ends is forgotten at once. Nothing here is stored.
 */
package dev.tandem.presence;
