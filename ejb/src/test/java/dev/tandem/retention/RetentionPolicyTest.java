package dev.tandem.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void byDefaultEverythingIsKept() {
        RetentionPolicy policy = RetentionPolicy.of("keep", "keep", 1000);
        assertThat(policy.keepsEverything()).isTrue();
        assertThat(policy.sessionCutoff(NOW)).isEmpty();
        assertThat(policy.auditCutoff(NOW)).isEmpty();
    }

    @Test
    void periodsAreIsoDurationsCountedBackFromNow() {
        RetentionPolicy policy = RetentionPolicy.of("P90D", "PT12H", 500);
        assertThat(policy.sessions()).contains(Duration.ofDays(90));
        assertThat(policy.sessionCutoff(NOW)).contains(Instant.parse("2026-03-03T00:00:00Z"));
        assertThat(policy.auditCutoff(NOW)).contains(Instant.parse("2026-05-31T12:00:00Z"));
    }

    @Test
    void nonsenseFailsInsteadOfDeletingTooMuch() {
        assertThatThrownBy(() -> RetentionPolicy.of("90", "keep", 1000)).hasMessageContaining("tandem.retention.sessions");
        assertThatThrownBy(() -> RetentionPolicy.of("keep", "-P1D", 1000)).hasMessageContaining("tandem.retention.audit");
        assertThatThrownBy(() -> RetentionPolicy.of("keep", "PT0S", 1000)).hasMessageContaining("positive");
        assertThatThrownBy(() -> RetentionPolicy.of("keep", "keep", 0)).hasMessageContaining("batch-size");
    }
}
