package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Malformed requests get a 400 in the product's own error shape, never a 500 and never a stack
 * trace, even on loopback (where a same-host reverse proxy would pass it on to anyone).
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class BadRequestsIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    @Test
    @DisabledIfSystemProperty(named = "tandem.it.payara", matches = "true", disabledReason = "Payara 6.2025.9's OpenID Connect "
            + "mechanism fails an unknown state before the application runs (NoSuchElementException in its getOriginalUrl) and "
            + "answers an empty 500 that no error page can replace: a known Payara gap, docs/operations.md")
    void aSignInCallbackWithAnUnknownStateIsABadRequest() {
        HttpResponse<String> response = TestHttp.get(TestEnvironment.appBase().resolve("agent/callback?code=abc&state=no-such-state"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(response.body()).contains("sign-in").satisfies(BadRequestsIT::noInternals);
    }

    @Test
    void aCookieWithAByteOutsideAsciiIsABadRequestOnTheApi() throws IOException {
        RawHttp.Answer answer = sendWithBadCookie("POST /cobrowse/api/visitor/sessions HTTP/1.1\r\nContent-Type: application/json\r\n"
                + "Origin: https://acme.example\r\nContent-Length: 2\r\n", "{}");

        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        if (Boolean.getBoolean("tandem.it.payara")) {
            // Payara's HTTP layer refuses the header before the application runs: an empty 400
            // (a known Payara gap, docs/operations.md); WildFly hands it to the application's JSON error.
            assertThat(answer.body()).as(answer.text()).satisfies(BadRequestsIT::noInternals);
            return;
        }
        assertThat(answer.header("Content-Type")).as(answer.text()).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(answer.body()).contains("\"error\":\"bad_request\"").satisfies(BadRequestsIT::noInternals);
    }

    @Test
    void aCookieWithAByteOutsideAsciiIsABadRequestOnAPage() throws IOException {
        RawHttp.Answer answer = sendWithBadCookie("GET /cobrowse/agent/ HTTP/1.1\r\n", "");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).satisfies(BadRequestsIT::noInternals);
    }

    private static RawHttp.Answer sendWithBadCookie(String head, String body) throws IOException {
        try (RawHttp http = RawHttp.connect(Duration.ofSeconds(20))) {
            http.write(head + "Host: localhost\r\nCookie: tandem_probe=a\u00ffb\r\nConnection: close\r\n\r\n" + body);
            return http.read();
        }
    }

    static void noInternals(String body) {
        assertThat(body).doesNotContainIgnoringCase("exception").doesNotContain("\tat ", "at io.undertow", "at org.", "at java.")
                .doesNotContainIgnoringCase("wildfly").doesNotContainIgnoringCase("undertow").doesNotContainIgnoringCase("soteria")
                .doesNotContainIgnoringCase("payara").doesNotContainIgnoringCase("glassfish").doesNotContainIgnoringCase("grizzly");
    }
}
