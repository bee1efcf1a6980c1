package dev.tandem.it;

import dev.tandem.it.VisitorClient.Answer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A signed-in agent's browser session driven over HTTP: the agent signs in once in Chromium
 * through the identity provider, then the tests call the agent API with that container session,
 * as the console's scripts would (same Origin), and read the cookies the server sets.
 */
public final class AgentClient {

    private final String sessionCookie;
    private final URI base;

    private AgentClient(String sessionCookie, URI base) {
        this.sessionCookie = sessionCookie;
        this.base = base;
    }

    /** Signs {@code user} in through the development identity provider in a real browser. */
    public static AgentClient signIn(String user) {
        return signIn(user, TestEnvironment.appBase());
    }

    /**
     * The same through another application base (a load balancer, say): the client then keeps every
     * cookie of that host the browser held (a balancer's node cookie too).
     */
    public static AgentClient signIn(String user, URI base) {
        ChromeDriver browser = Chromium.start();
        try {
            SignIn.as(browser, new WebDriverWait(browser, Duration.ofSeconds(30)), user, base);
            StringBuilder cookies = new StringBuilder("JSESSIONID=" + browser.manage().getCookieNamed("JSESSIONID").getValue());
            for (Cookie c : browser.manage().getCookies()) {
                if (!c.getName().equals("JSESSIONID") && !c.getName().startsWith("__Host-")) {
                    cookies.append("; ").append(c.getName()).append('=').append(c.getValue());
                }
            }
            return new AgentClient(cookies.toString(), base);
        } finally {
            browser.quit();
        }
    }

    /** The container's sign-in cookie ({@code JSESSIONID=...}) this agent's browser holds. */
    public String sessionCookie() {
        return sessionCookie;
    }

    public static String ownOrigin() {
        return originOf(TestEnvironment.appBase());
    }

    /** This client's application origin ({@code https://host:port}). */
    public String origin() {
        return originOf(base);
    }

    private static String originOf(URI base) {
        return base.getScheme() + "://" + base.getRawAuthority();
    }

    /** {@code POST /api/agent/joins}. */
    public Answer join(String key, String groupId) {
        String body = jakarta.json.Json.createObjectBuilder().add("key", key)
                .add("groupId", groupId == null ? jakarta.json.JsonValue.NULL : jakarta.json.Json.createValue(groupId)).build().toString();
        return post("api/agent/joins", body, null);
    }

    /** {@code POST /api/agent/joins/redeem} presenting this join ticket cookie value (null: none). */
    public Answer redeem(String ticket) {
        return post("api/agent/joins/redeem", "", ticket == null ? null : "__Host-tandem-join=" + ticket);
    }

    /** Joins by key and redeems: the agent pass cookie value for that session. */
    public String passFor(String key, String groupId) {
        Answer joined = join(key, groupId);
        if (joined.status() != 201) {
            throw new IllegalStateException("join refused: " + joined.status() + " " + joined.json());
        }
        Answer redeemed = redeem(cookie(joined.raw(), "__Host-tandem-join").orElseThrow());
        if (redeemed.status() != 200) {
            throw new IllegalStateException("redeem refused: " + redeemed.status() + " " + redeemed.json());
        }
        return cookie(redeemed.raw(), "__Host-tandem-agent").orElseThrow();
    }

    public Answer post(String path, String body, String extraCookies) {
        return postFrom(origin(), path, body, extraCookies);
    }

    /** A POST as if a page on {@code origin} made it with this agent's cookies (null: no Origin header). */
    public Answer postFrom(String origin, String path, String body, String extraCookies) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30));
        if (origin != null) {
            request.header("Origin", origin);
        }
        request
                .header("Accept", "application/json")
                .header("Cookie", sessionCookie + (extraCookies == null ? "" : "; " + extraCookies))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return VisitorClient.from(null).send(request);
    }

    /** The value a Set-Cookie header of the response gives the named cookie (empty when it clears it). */
    public static Optional<String> cookie(HttpResponse<String> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(h -> h.startsWith(name + "="))
                .map(h -> h.substring(name.length() + 1, h.indexOf(';') < 0 ? h.length() : h.indexOf(';')))
                .filter(v -> !v.isEmpty()).findFirst();
    }

    /** The full Set-Cookie header for the named cookie. */
    public static Optional<String> setCookieHeader(HttpResponse<String> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(h -> h.startsWith(name + "=")).findFirst();
    }
}
