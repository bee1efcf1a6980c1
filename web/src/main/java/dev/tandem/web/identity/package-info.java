/**
 * Agent identity, delegated to the container: agents sign in through OpenID Connect with Jakarta
 * Security's {@code @OpenIdAuthenticationMechanismDefinition} (see
 * {@code docs/adr/0001-agent-identity.md}). Provider, client and claim names are configuration,
 * read from MicroProfile Config (system properties set by {@code wildfly-config/}, or environment).
 * Tokens stay on the server; no bearer token ever reaches the browser's JavaScript or storage.
 */
package dev.tandem.web.identity;
