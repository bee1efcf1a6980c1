package dev.tandem.web.machine;

/**
 * The scopes of the machine API, one per kind of action, so that a client gets only what it needs.
 * There is no wildcard: a token must name each scope it uses.
 */
public final class Scopes {

    /** List live sessions (metadata only). */
    public static final String SESSIONS_READ = "cobrowse.sessions.read";
    /** End a live session. */
    public static final String SESSIONS_END = "cobrowse.sessions.end";
    /** Revoke an agent: every pass and sign-in so far void, viewer sockets closed. */
    public static final String AGENTS_REVOKE = "cobrowse.agents.revoke";
    /** Read group settings. */
    public static final String GROUPS_READ = "cobrowse.groups.read";
    /** Change group settings. */
    public static final String GROUPS_WRITE = "cobrowse.groups.write";
    /** Read the audit log. */
    public static final String AUDIT_READ = "cobrowse.audit.read";

    private Scopes() {
    }
}
