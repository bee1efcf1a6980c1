/**
 * The live relay, in memory only. {@code /stream/visitor} takes a visitor's masked rrweb events
 * (after a {@code hello} with the visitor token, in numbered batches, within size and rate limits),
 * passes every event through the {@link dev.tandem.relay.DomFirewall}, keeps per session the latest
 * snapshot and the events since for agents who join later, and fans each batch out, in order, to
 * the agents viewing the session, each through its own bounded queue ({@code /stream/agent/{ref}}).
 * Nothing that passes through here is ever written to the database, a file or a log. Messages and
 * close codes: docs/protocol.md.
 */
package dev.tandem.relay;
