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

    @Test
    void anUnreachableIdentityProviderIsA503TheAgentMayRetryNotA500() {
        Throwable signIn = new IllegalStateException("provider metadata", new java.io.UncheckedIOException(new java.net.ConnectException("Connection refused")));
        Throwable slow = new RuntimeException(new java.net.http.HttpConnectTimeoutException("HTTP connect timed out"));

        assertThat(FaultPage.Fault.of(signIn, "/agent/").status()).isEqualTo(503);
        assertThat(FaultPage.Fault.of(slow, "/agent/callback").status()).isEqualTo(503);
        assertThat(FaultPage.Fault.of(new IllegalStateException("a bug"), "/agent/").status()).isEqualTo(500);
    }
}
