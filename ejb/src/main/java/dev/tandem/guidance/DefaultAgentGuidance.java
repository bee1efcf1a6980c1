package dev.tandem.guidance;

import dev.tandem.audit.AuditEvent;
import dev.tandem.audit.AuditLog;
import dev.tandem.audit.Outcome;
import dev.tandem.session.CobrowseSession;
import dev.tandem.session.SessionRepository;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Clock;

/** {@link AgentGuidance}: each call is one transaction writing one audit row. */
@Stateless
public class DefaultAgentGuidance implements AgentGuidance {

    static final String CONTROL_REFUSED = "CONTROL_REFUSED";

    @Inject
    AuditLog audit;

    @Inject
    SessionRepository sessions;

    @Inject
    Clock clock;

    @Override
    public void modeChanged(String sessionRef, String agentSubject, String mode, ModeChange change, String by) {
        Outcome outcome = change == ModeChange.DECLINED ? Outcome.DENIED : Outcome.SUCCESS;
        audit.record(AuditEvent.of(change.auditType(), outcome, clock.instant()).group(groupOf(sessionRef)).session(sessionRef)
                .actor(change == ModeChange.REQUESTED ? agentSubject : by).detail("agent", agentSubject).detail("mode", mode)
                .detail("by", by));
    }

    @Override
    public void controlRefused(String sessionRef, String agentSubject, String reason, String source) {
        audit.record(AuditEvent.of(CONTROL_REFUSED, Outcome.DENIED, clock.instant()).group(groupOf(sessionRef)).session(sessionRef)
                .actor(agentSubject).detail("reason", reason).detail("source", source));
    }

    private String groupOf(String sessionRef) {
        return sessions.find(sessionRef).map(CobrowseSession::groupId).orElse(null);
    }
}
