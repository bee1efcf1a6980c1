package dev.tandem.web.identity;

/** The application's roles, mapped from the identity provider's roles claim. */
public final class Roles {

    /** May co-browse: the seeds' "can monitor co-browse" privilege. */
    public static final String AGENT = "cobrowse-agent";

    /** May administer groups and revoke agents. */
    public static final String ADMIN = "cobrowse-admin";

    private Roles() {
    }
}
