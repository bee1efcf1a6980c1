package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.audit.AuditEvent;
import dev.tandem.audit.AuditLog;
import dev.tandem.audit.Outcome;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Inside the server: the audit log writes to PostgreSQL through the application role and reads back. */
@ExtendWith(ArquillianExtension.class)
class AuditLogIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.tandemEarWithTests(AuditLogIT.class);
    }

    @Inject
    AuditLog audit;

    @Inject
    UserTransaction tx;

    @Test
    void anEventWrittenIsReadBackWithEveryField() {
        String session = "test-" + UUID.randomUUID();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);

        audit.record(AuditEvent.of("JOIN_DENIED", Outcome.DENIED, at)
                .group("acme").session(session).actor("agent-7").sourceIp("203.0.113.9")
                .detail("reason", "bad signature"));

        List<AuditEvent> read = audit.forSession(session, 10);
        assertThat(read).hasSize(1);
        AuditEvent event = read.get(0);
        assertThat(event.id()).isNotNull();
        assertThat(event.type()).isEqualTo("JOIN_DENIED");
        assertThat(event.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(event.occurredAt()).isEqualTo(at);
        assertThat(event.groupId()).isEqualTo("acme");
        assertThat(event.actor()).isEqualTo("agent-7");
        assertThat(event.sourceIp()).isEqualTo("203.0.113.9");
        assertThat(event.detail().getString("reason")).isEqualTo("bad signature");
    }

    @Test
    void anEventCommitsOrRollsBackWithTheActionThatCausedIt() throws Exception {
        String session = "test-" + UUID.randomUUID();

        tx.begin();
        audit.record(AuditEvent.of("SESSION_STARTED", Outcome.SUCCESS, Instant.now()).session(session));
        tx.rollback();
        assertThat(audit.forSession(session, 10)).isEmpty();

        tx.begin();
        audit.record(AuditEvent.of("SESSION_STARTED", Outcome.SUCCESS, Instant.now()).session(session));
        tx.commit();
        assertThat(audit.forSession(session, 10)).extracting(AuditEvent::type).containsExactly("SESSION_STARTED");
    }

    @Test
    void newestEventsOfATypeComeFirst() {
        String marker = UUID.randomUUID().toString();
        Instant now = Instant.now();
        audit.record(AuditEvent.of("SOCKET_REFUSED", Outcome.DENIED, now).detail("marker", marker).detail("n", "1"));
        audit.record(AuditEvent.of("SOCKET_REFUSED", Outcome.DENIED, now).detail("marker", marker).detail("n", "2"));

        List<AuditEvent> newest = audit.ofType("SOCKET_REFUSED", 2);
        assertThat(newest).extracting(e -> e.detail().getString("n")).containsExactly("2", "1");
        assertThat(newest).allSatisfy(e -> assertThat(e.detail().getString("marker")).isEqualTo(marker));
    }
}
