/**
 * The machine API under {@code /cobrowse/api/machine}: called by systems (an identity provider's
 * risk hook, a SIEM, provisioning), never by browsers. Each call carries an OAuth 2.0 bearer access
 * token of a registered client (client-credentials grant), checked by {@link dev.tandem.web.machine.MachineGate}:
 * signature from the provider's JWKS, algorithm, issuer, audience, lifetime, the client enabled,
 * its address in the client's networks, and the method's one scope ({@link dev.tandem.web.machine.Scopes}).
 * Cookies count for nothing here, and bearer tokens for nothing elsewhere.
 */
package dev.tandem.web.machine;
