/**
 * The agent's join API under {@code /cobrowse/api/agent}: ask to join a live session by key (the
 * answer is a join ticket in a {@code __Host-} cookie, never in a URL), redeem it for the agent
 * pass cookie, read or refresh the pass, leave, sign out; and the administrator's revocation.
 * Cookie handling and the mapping of refusals to statuses live here; the rules live in
 * {@code dev.tandem.join}.
 */
package dev.tandem.web.join;
