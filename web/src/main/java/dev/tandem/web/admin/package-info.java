/**
 * The administrator API under {@code /cobrowse/api/admin}, for the {@code cobrowse-admin} role:
 * ending a live session now, and revoking an agent (every pass and sign-in of theirs until then is
 * void, and their viewer connections close at once). Calls come from the administrator's signed-in
 * browser or a SIEM; state-changing calls must come from this origin ({@code SameOriginGuard},
 * which guards the agent API too).
 */
package dev.tandem.web.admin;
