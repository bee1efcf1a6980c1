/**
 * The one source of "now" for every rule that depends on time (key rotation, ticket expiry, idle
 * timeouts), so tests can drive time through an injected {@link java.time.Clock} instead of sleeping.
 */
package dev.tandem.time;
