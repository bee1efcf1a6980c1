package dev.tandem.asset;

import dev.tandem.audit.AuditEvent;
import dev.tandem.audit.AuditLog;
import dev.tandem.audit.Outcome;
import dev.tandem.group.GroupRepository;
import dev.tandem.join.AgentPassSigner;
import dev.tandem.join.Revocations;
import dev.tandem.session.SessionRepository;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@link AssetAccess} on the pass signer, the revocations, the live sessions and the audit log. */
@Stateless
public class DefaultAssetAccess implements AssetAccess {

    static final String PROXY_REFUSED = "PROXY_REFUSED";
    /** How many of a session's newest audit rows are looked through for an earlier PROXY_REFUSED of a host. */
    private static final int LOOKBACK = 500;

    @Inject
    AgentPassSigner passes;

    @Inject
    Revocations revocations;

    @Inject
    SessionRepository sessions;

    @Inject
    GroupRepository groups;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "tandem.agent.bind-ip", defaultValue = "false")
    boolean bindIp;

    @Override
    public Optional<AssetGrant> grant(String passCookie, String clientAddress) {
        if (passCookie == null || passCookie.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return passes.read(passCookie)
                .filter(p -> !p.isExpiredAt(now))
                .filter(p -> !revocations.isVoid(p))
                .filter(p -> !bindIp || p.ipBinding().equals(passes.ipBinding(clientAddress)))
                .flatMap(p -> sessions.findLive(p.sessionRef())
                        .flatMap(s -> groups.find(s.groupId()).map(g -> new AssetGrant(p.sessionRef(), g.id(), p.subject(),
                                AssetHosts.of(g.allowedOrigins(), g.allowedExternalDomains()), g.disableCaching()))));
    }

    @Override
    public void refused(AssetGrant grant, String host, String reason, String clientAddress) {
        String h = host == null ? "(none)" : host.length() > 200 ? host.substring(0, 200) : host;
        for (AuditEvent earlier : audit.forSession(grant.sessionRef(), LOOKBACK)) {
            if (PROXY_REFUSED.equals(earlier.type()) && h.equals(earlier.detail().getString("host", ""))) {
                return;
            }
        }
        audit.record(AuditEvent.of(PROXY_REFUSED, Outcome.DENIED, clock.instant()).group(grant.groupId())
                .session(grant.sessionRef()).actor(grant.subject()).sourceIp(clientAddress)
                .detail("host", h).detail("reason", reason));
    }
}
