package dev.tandem.web.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.audit.AuditEvent;
import dev.tandem.audit.AuditLog;
import dev.tandem.join.AgentIdentity;
import dev.tandem.join.AgentJoins;
import dev.tandem.web.visitor.ClientAddresses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A signed-in agent whose address changes must sign in again, when sign-ins are bound to addresses. */
class NetworkChangeFilterTest {

    private final NetworkChangeFilter filter = new NetworkChangeFilter();
    private final List<AuditEvent> audited = new ArrayList<>();
    private final List<String> signedOut = new ArrayList<>();
    private final Map<String, Object> sessionAttributes = new HashMap<>();
    private boolean invalidated;
    private boolean committed;
    private int passedOn;
    private int status;
    private String location;
    private final List<String> setCookies = new ArrayList<>();
    private final StringWriter body = new StringWriter();

    @BeforeEach
    void wire() {
        filter.bindIp = true;
        filter.addresses = new ClientAddresses();
        invokeParse(filter.addresses);
        filter.clock = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
        filter.audit = proxy(AuditLog.class, (name, args) -> {
            if (name.equals("record")) {
                audited.add((AuditEvent) args[0]);
            }
            return null;
        });
        filter.joins = proxy(AgentJoins.class, (name, args) -> {
            if (name.equals("signedOut")) {
                signedOut.add(((AgentIdentity) args[0]).subject());
            }
            return null;
        });
    }

    private static void invokeParse(ClientAddresses addresses) {
        try {
            var field = ClientAddresses.class.getDeclaredField("trustedProxies");
            field.setAccessible(true);
            field.set(addresses, Optional.empty());
            var parse = ClientAddresses.class.getDeclaredMethod("parse");
            parse.setAccessible(true);
            parse.invoke(addresses);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Call {
        Object on(String name, Object[] args) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Call call) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            if (m.getName().equals("hashCode")) {
                return 0;
            }
            if (m.getName().equals("equals")) {
                return p == a[0];
            }
            Object result = call.on(m.getName(), a);
            if (result == null && m.getReturnType() == boolean.class) {
                return false;
            }
            if (result == null && m.getReturnType() == int.class) {
                return 0;
            }
            return result;
        });
    }

    private void request(String path, String address) throws Exception {
        HttpSession session = proxy(HttpSession.class, (name, args) -> switch (name) {
            case "getAttribute" -> sessionAttributes.get((String) args[0]);
            case "setAttribute" -> sessionAttributes.put((String) args[0], args[1]);
            case "invalidate" -> {
                invalidated = true;
                yield null;
            }
            default -> null;
        });
        Principal agent = () -> "bob";
        HttpServletRequest request = proxy(HttpServletRequest.class, (name, args) -> switch (name) {
            case "getSession" -> invalidated ? null : session;
            case "getUserPrincipal" -> invalidated ? null : agent;
            case "getRemoteAddr" -> address;
            // as the container splits it: the REST application is mapped to /api/*, pages are files
            case "getServletPath" -> path.startsWith("/api/") ? "/api" : path;
            case "getPathInfo" -> path.startsWith("/api/") ? path.substring(4) : null;
            case "getRequestURI" -> "/cobrowse" + path;
            case "getContextPath" -> "/cobrowse";
            // as WildFly's OpenID Connect mechanism answers a logout: session gone, a redirect to the
            // provider, the response committed
            case "logout" -> {
                invalidated = true;
                location = "http://localhost:8180/tandem/authorize";
                status = 302;
                committed = true;
                yield null;
            }
            default -> null;
        });
        HttpServletResponse response = proxy(HttpServletResponse.class, (name, args) -> switch (name) {
            case "isCommitted" -> committed;
            case "setStatus" -> {
                if (!committed) {
                    status = (int) args[0];
                }
                yield null;
            }
            case "sendRedirect" -> {
                if (committed) {
                    throw new IllegalStateException("committed");
                }
                location = (String) args[0];
                status = 302;
                committed = true;
                yield null;
            }
            case "addHeader" -> {
                if (!committed && args[0].equals("Set-Cookie")) {
                    setCookies.add((String) args[1]);
                }
                yield null;
            }
            case "getWriter" -> committed ? new PrintWriter(new StringWriter()) : new PrintWriter(body, true);
            default -> null;
        });
        FilterChain chain = (req, res) -> passedOn++;
        filter.doFilter(request, response, chain);
    }

    @Test
    void theSameAddressKeepsTheSignIn() throws Exception {
        request("/api/agent/me", "192.0.2.10");
        request("/api/agent/joins", "192.0.2.10");

        assertThat(passedOn).isEqualTo(2);
        assertThat(invalidated).isFalse();
        assertThat(audited).isEmpty();
    }

    @Test
    void anotherAddressEndsTheSignInAndIsAudited() throws Exception {
        request("/api/agent/me", "192.0.2.10");
        request("/api/agent/joins", "198.51.100.99");

        assertThat(passedOn).as("the second request never reaches the API").isEqualTo(1);
        assertThat(invalidated).isTrue();
        assertThat(signedOut).containsExactly("bob");
        assertThat(status).as("the API's answer, not the mechanism's redirect").isEqualTo(401);
        assertThat(location).as("no redirect for an API call").isNull();
        assertThat(body.toString()).contains("\"error\":\"sign_in_required\"");
        assertThat(setCookies).as("the void pass and ticket are dropped").hasSize(2)
                .allSatisfy(cookie -> assertThat(cookie).contains("Max-Age=0"));
        assertThat(audited).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("SIGN_IN_ENDED");
            assertThat(e.actor()).isEqualTo("bob");
            assertThat(e.sourceIp()).isEqualTo("198.51.100.99");
        });
    }

    @Test
    void aPageIsSentBackThroughSignIn() throws Exception {
        request("/agent/index.html", "192.0.2.10");
        request("/agent/index.html", "203.0.113.5");

        assertThat(location).isEqualTo("/cobrowse/agent/");
        assertThat(invalidated).isTrue();
    }

    @Test
    void withoutAddressBindingNothingChanges() throws Exception {
        filter.bindIp = false;
        request("/api/agent/me", "192.0.2.10");
        request("/api/agent/me", "203.0.113.5");

        assertThat(passedOn).isEqualTo(2);
        assertThat(invalidated).isFalse();
    }
}
