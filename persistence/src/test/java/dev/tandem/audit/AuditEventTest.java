package dev.tandem.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditEventTest {

    private static final Instant AT = Instant.parse("2026-11-22T10:15:30Z");

    @Test
    void refusesEventTypesThatAreNotUpperCaseWords() {
        assertThatThrownBy(() -> AuditEvent.of("join denied", Outcome.DENIED, AT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditEvent.of("JOIN_DENIED; DROP", Outcome.DENIED, AT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(AuditEvent.of("JOIN_DENIED", Outcome.DENIED, AT).type()).isEqualTo("JOIN_DENIED");
    }

    @Test
    void keepsTheTimeInUtcAndTheDetailAsJson() {
        AuditEvent event = AuditEvent.of("START_DENIED", Outcome.DENIED, AT)
                .group("acme").actor("visitor").detail("reason", "origin \"evil\"");
        event.seal();

        assertThat(event.occurredAt()).isEqualTo(AT);
        assertThat(event.detail().getString("reason")).isEqualTo("origin \"evil\"");
    }

    @Test
    void boundsTheDetailSoPageContentCannotBeSmuggledIn() {
        AuditEvent event = AuditEvent.of("SOCKET_REFUSED", Outcome.DENIED, AT)
                .detail("reason", "x".repeat(10_000));
        assertThat(event.detail().getString("reason")).hasSize(AuditEvent.MAX_DETAIL_VALUE_LENGTH);

        for (int i = 1; i < AuditEvent.MAX_DETAIL_ENTRIES; i++) {
            event.detail("k" + i, "v");
        }
        assertThatThrownBy(() -> event.detail("one-too-many", "v")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cannotBeChangedOnceSealedForWriting() {
        AuditEvent event = AuditEvent.of("AGENT_JOINED", Outcome.SUCCESS, AT);
        event.seal();
        assertThatThrownBy(() -> event.detail("late", "v")).isInstanceOf(IllegalStateException.class);
    }
}
