/**
 * The visitor API under {@code /cobrowse/api/visitor}, called cross-origin from customers' pages:
 * start, resume and stop a session. Every request is hostile until checked: body size, JSON shape,
 * CORS origin, start rate per client; the session rules themselves live in {@code dev.tandem.visitor}.
 */
package dev.tandem.web.visitor;
