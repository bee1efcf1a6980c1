package dev.tandem.web.headers;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecurityHeadersFilterTest {

    private final Map<String, String> headers = new LinkedHashMap<>();
    private boolean passedOn;

    @Test
    void everyResponseCarriesTheSecurityHeadersWhateverTheServer() throws Exception {
        new SecurityHeadersFilter().doFilter(request(true), response(), (req, res) -> passedOn = true);

        assertThat(passedOn).isTrue();
        assertThat(headers).containsEntry("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
                .containsEntry("X-Content-Type-Options", "nosniff")
                .containsEntry("Referrer-Policy", "no-referrer")
                .containsEntry("X-Frame-Options", "DENY")
                .containsEntry("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
                .containsEntry("Cross-Origin-Opener-Policy", "same-origin");
    }

    @Test
    void hstsOnlyOverHttps() throws Exception {
        new SecurityHeadersFilter().doFilter(request(false), response(), (req, res) -> passedOn = true);

        assertThat(headers).doesNotContainKey("Strict-Transport-Security").containsEntry("X-Content-Type-Options", "nosniff");
    }

    private static HttpServletRequest request(boolean secure) {
        return (HttpServletRequest) Proxy.newProxyInstance(SecurityHeadersFilterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isSecure" -> secure;
                    default -> null;
                });
    }

    private HttpServletResponse response() {
        return (HttpServletResponse) Proxy.newProxyInstance(SecurityHeadersFilterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setHeader")) {
                        headers.put((String) args[0], (String) args[1]);
                    }
                    return null;
                });
    }
}
