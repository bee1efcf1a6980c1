/**
 * Joining a live session as an agent, the heart of the security model: a signed-in agent of the
 * right group who knows the key gets a single-use join ticket signed under a server key that is
 * replaced every minute and never stored; redeeming it yields an agent pass (the
 * {@code __Host-tandem-agent} cookie) signed under a key that lives only as long as the server
 * process. Every request, refusal, join, departure and revocation is audited.
 */
package dev.tandem.join;
