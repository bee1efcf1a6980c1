/**
 * The PII tripwire's detectors on the server: payment card numbers, IBANs, US social security
 * numbers and a group's own patterns, found in any text and masked the way the visitor script masks
 * a field. The same rules run in the visitor's browser (web module, {@code tripwire.js}); both are
 * held to one file of test vectors ({@code web/src/main/frontend/test/pii-vectors.json}). The relay
 * uses them on every event it passes on, whichever path the event took through the DOM firewall.
 */
package dev.tandem.pii;
