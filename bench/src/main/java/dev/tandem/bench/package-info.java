/**
 * The relay benchmark, run by {@code ./mvnw -Pbench clean verify} and never deployed with the
 * product: it starts its own server with the EAR and a null relay beside it, records page traces in
 * headless Chromium, drives real visitor and agent sessions (tokens, tickets, passes) at a constant
 * rate from an open-loop generator, and writes every metric with its baseline and ratio to
 * {@code docs/benchmarks.md}. Its smoke mode runs in the test suite to keep the harness honest.
 */
package dev.tandem.bench;
