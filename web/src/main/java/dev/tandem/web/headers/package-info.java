/**
 * Response headers that every page of the application needs: a strict Content-Security-Policy
 * (no inline script, no eval, nothing from third parties) and no caching of authenticated pages.
 * The security headers (HSTS, nosniff, referrer policy, framing, permissions, opener policy) are set
 * by the application too, so that every server sends them; WildFly adds them host-wide as well.
 */
package dev.tandem.web.headers;
