package dev.tandem.asset;

import java.util.Optional;

/**
 * Who may use the asset proxy, and the audit of its refusals: only the holder of a valid agent pass
 * (signed by this server, not expired, not revoked, from the bound address if passes are bound) for
 * a session that is still live, and then only for that session's group's allow-list.
 */
public interface AssetAccess {

    /** The session and asset policy the pass cookie grants, or empty (no pass, a bad one, or the session ended). */
    Optional<AssetGrant> grant(String passCookie, String clientAddress);

    /**
     * Records PROXY_REFUSED for the session and host unless one was recorded already (host and reason,
     * never the URL's path or query).
     */
    void refused(AssetGrant grant, String host, String reason, String clientAddress);

    /** A session's right to the proxy: its group's allow-list and whether its assets may be cached. */
    record AssetGrant(String sessionRef, String groupId, String subject, AssetHosts hosts, boolean disableCaching) {
    }
}
