package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What every browser gets from the server: HTTPS only, security headers, JSON errors, protected agent pages. */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class HttpsAndHeadersIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    @Test
    void plainHttpIsRedirectedToHttps() {
        HttpResponse<String> response = TestHttp.get(TestEnvironment.plainHttpBase().resolve("agent/"));
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue(TestEnvironment.appBase().resolve("agent/").toString());
    }

    @Test
    void pagesCarryTheSecurityHeadersAndAStrictPolicy() {
        HttpResponse<String> response = TestHttp.get(TestEnvironment.appBase());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(v -> assertThat(v).contains("max-age="));
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "*"));
    }

    @Test
    void unknownApiPathsAnswerAJsonErrorWithoutInternals() {
        HttpResponse<String> response = TestHttp.get(TestEnvironment.appBase().resolve("api/no-such-thing"));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"error\":\"not_found\",\"message\":\"Not Found\"}");
    }

    @Test
    void theAgentApiSendsAnUnauthenticatedCallerToTheIdentityProvider() {
        HttpResponse<String> response = TestHttp.get(TestEnvironment.appBase().resolve("api/agent/me"));
        assertThat(response.statusCode()).isBetween(300, 399);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                .startsWith("http://localhost:" + TestEnvironment.oidcPort() + "/tandem/authorize")
                .contains("client_id=tandem", "response_type=code", "state=", "nonce="));
        assertThat(response.body()).doesNotContain("subject");
    }
}
