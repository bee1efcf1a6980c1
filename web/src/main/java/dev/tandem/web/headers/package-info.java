/**
 * Response headers that every page of the application needs: a strict Content-Security-Policy
 * (no inline script, no eval, nothing from third parties) and no caching of authenticated pages.
 * Server-wide headers (HSTS, nosniff, referrer policy) are set by {@code wildfly-config/}.
 */
package dev.tandem.web.headers;
