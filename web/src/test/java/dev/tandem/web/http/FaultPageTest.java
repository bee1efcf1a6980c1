package dev.tandem.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** What the error page answers for failures the container reports, on either server. */
class FaultPageTest {

    @Test
    void aRefusedSignInCallbackIsA400WhetherTheContainerThrowsOrOnlySetsA500() {
        FaultPage.Fault thrown = FaultPage.Fault.of(new NoSuchElementException("No value present"), "/agent/callback");
        FaultPage.Fault statusOnly = FaultPage.Fault.ofStatus(500, "/agent/callback");

        assertThat(thrown.status()).isEqualTo(400);
        assertThat(statusOnly).isEqualTo(thrown);
        assertThat(statusOnly.title()).isEqualTo("Sign-in not completed");
    }

    @Test
    void aBare500ElsewhereStaysA500() {
        assertThat(FaultPage.Fault.ofStatus(500, "/agent/").status()).isEqualTo(500);
        assertThat(FaultPage.Fault.ofStatus(500, "/api/agent/sessions").error()).isEqualTo("internal_error");
        assertThat(FaultPage.Fault.ofStatus(503, "/agent/callback").status()).isEqualTo(503);
    }
}
