/**
 * The administrator API under {@code /cobrowse/api/admin}, for the {@code cobrowse-admin} role:
 * ending a live session now (and, with agent join, revoking an agent). Calls come from the
 * administrator's signed-in browser or a SIEM; state-changing calls must come from this origin.
 */
package dev.tandem.web.admin;
