package dev.tandem.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A demo agent signed in through the development identity provider's real authorization-code flow,
 * driven over HTTP the way a browser would (following the redirects, posting the sign-in form), then
 * joining sessions by key: join ticket, redemption, agent pass. Nothing is bypassed.
 */
public final class SignedInAgent {

    private final URI appBase;
    private final String origin;
    private final HttpClient http;
    private final Map<String, String> cookies = new HashMap<>();

    private SignedInAgent(URI appBase) {
        this.appBase = appBase;
        this.origin = appBase.getScheme() + "://" + appBase.getRawAuthority();
        this.http = HttpClient.newBuilder().sslContext(Tls.trustingContext()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Signs {@code user} in at the application whose base is {@code appBase} (…/cobrowse/). */
    public static SignedInAgent signIn(URI appBase, String user) {
        return signIn(appBase, user, "");
    }

    /**
     * Signs {@code user} in with {@code claims} (a JSON object) typed into the provider's sign-in
     * page, which adds them to the user's token: how the benchmark makes agents beyond the demo's.
     */
    public static SignedInAgent signIn(URI appBase, String user, String claims) {
        SignedInAgent agent = new SignedInAgent(appBase);
        agent.login(user, claims);
        return agent;
    }

    /**
     * A benchmark agent {@code bench-agent-N}: the role and the demo group from the sign-in page's
     * claims, as the demo agents have them from the provider's configuration.
     */
    public static SignedInAgent benchAgent(URI appBase, int n) {
        return signIn(appBase, "bench-agent-" + n, "{\"name\":\"Bench Agent " + n + "\",\"preferred_username\":\"bench-agent-" + n
                + "\",\"roles\":[\"cobrowse-agent\"],\"cobrowse_groups\":[\"demo\"]}");
    }

    private void login(String user, String claims) {
        URI next = appBase.resolve("agent/");
        for (int hop = 0; hop < 10; hop++) {
            HttpResponse<String> response = get(next);
            Optional<String> location = response.headers().firstValue("Location");
            if (response.statusCode() == 200 && next.getPath().endsWith("/authorize")) {
                // The provider's interactive sign-in page: post the user name to it.
                response = post(next, "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&claims="
                        + URLEncoder.encode(claims, StandardCharsets.UTF_8));
                location = response.headers().firstValue("Location");
            } else if (response.statusCode() == 200) {
                return; // the console itself: signed in
            }
            if (location.isEmpty()) {
                throw new IllegalStateException("sign-in stopped at " + next + " with " + response.statusCode());
            }
            next = next.resolve(location.get());
        }
        throw new IllegalStateException("sign-in did not finish");
    }

    /**
     * Joins the live session with this key and returns the agent pass cookie value. One join at a
     * time per agent: the ticket and the pass travel in this agent's cookies, as in one browser.
     */
    public synchronized String passFor(String key, String groupId) {
        HttpResponse<String> joined = api("api/agent/joins", "{\"key\":\"" + key + "\",\"groupId\":\"" + groupId + "\"}");
        if (joined.statusCode() != 201) {
            throw new IllegalStateException("join refused: " + joined.statusCode() + " " + joined.body());
        }
        HttpResponse<String> redeemed = api("api/agent/joins/redeem", "");
        if (redeemed.statusCode() != 200) {
            throw new IllegalStateException("redeem refused: " + redeemed.statusCode() + " " + redeemed.body());
        }
        return cookies.get("__Host-tandem-agent");
    }

    public String origin() {
        return origin;
    }

    private HttpResponse<String> api(String path, String body) {
        return send(HttpRequest.newBuilder(appBase.resolve(path)).header("Origin", origin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), appBase);
    }

    private HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET(), uri);
    }

    private HttpResponse<String> post(URI uri, String form) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), uri);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, URI uri) {
        boolean ours = uri.getRawAuthority().equals(appBase.getRawAuthority());
        if (ours && !cookies.isEmpty()) {
            request.header("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        }
        try {
            HttpResponse<String> response = Http.send(http, request.timeout(Duration.ofSeconds(30)).build());
            if (ours) {
                for (String header : response.headers().allValues("Set-Cookie")) {
                    String pair = header.split(";", 2)[0];
                    int eq = pair.indexOf('=');
                    String value = pair.substring(eq + 1);
                    if (value.isEmpty()) {
                        cookies.remove(pair.substring(0, eq));
                    } else {
                        cookies.put(pair.substring(0, eq), value);
                    }
                }
            }
            return response;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
