/**
 * The JAX-RS application under {@code /cobrowse/api} and its error contract: every refusal is a
 * JSON body {@code {"error": CODE, "message": TEXT}} with the right status, produced by
 * {@code ExceptionMapper}s, never a stack trace or a container error page.
 */
package dev.tandem.web.api;
