package dev.tandem.web.join;

import jakarta.ws.rs.core.HttpHeaders;
import java.time.Duration;
import java.util.Map;

/**
 * The two cookies of the join flow, both {@code __Host-} cookies (Secure, Path=/, no Domain: only
 * this exact host over HTTPS ever gets them), HttpOnly (no script reads them) and SameSite=Strict
 * (no other site's page can make the browser send them): the single-use join ticket, and the agent
 * pass the viewer's WebSocket demands.
 */
public final class AgentCookies {

    public static final String TICKET = "__Host-tandem-join";
    public static final String PASS = "__Host-tandem-agent";

    private AgentCookies() {
    }

    /** A Set-Cookie header value that stores {@code value} for {@code maxAge}. */
    public static String set(String name, String value, Duration maxAge) {
        return name + "=" + value + "; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=" + Math.max(0, maxAge.toSeconds());
    }

    /** A Set-Cookie header value that removes the cookie. */
    public static String clear(String name) {
        return name + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0";
    }

    /** The cookie's value from the request, or null. */
    public static String read(HttpHeaders headers, String name) {
        Map<String, jakarta.ws.rs.core.Cookie> cookies = headers.getCookies();
        jakarta.ws.rs.core.Cookie cookie = cookies.get(name);
        return cookie == null ? null : cookie.getValue();
    }
}
