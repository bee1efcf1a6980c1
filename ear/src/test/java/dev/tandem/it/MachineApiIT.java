package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tandem.it.VisitorClient.Answer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * The machine API against the real development identity provider: client-credentials tokens,
 * scopes per endpoint, the client's networks and enabled flag, every kind of bad token, and the
 * separation of bearer tokens from the browser sign-in. Each test registers the client it uses.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class MachineApiIT {

    private static final String SITE = "https://acme.example";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    /** The one API_REFUSED row the call from {@code ip} made after the audit row {@code since}. */
    private static void assertRefusalAudited(String ip, long since, String reason, String actor) {
        assertThat(Rows.auditFrom(ip, since)).filteredOn(a -> a.type().equals("API_REFUSED")).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo("DENIED");
            assertThat(a.reason()).isEqualTo(reason);
            assertThat(a.actor()).isEqualTo(actor);
        });
    }

    @Test
    void aClientWithAgentsRevokeClosesTheAgentsLiveViewerButCannotChangeGroups() throws Exception {
        MachineClients.register("tandem-test-revoker", true, "[\"198.51.100.0/24\"]");
        TestGroups.group().id("demo").origins(SITE).create();
        VisitorClient visitor = VisitorClient.from(SITE);
        Answer started = visitor.start("demo");
        assertThat(started.status()).isEqualTo(201);
        String ref = Rows.refOf(started.string("sessionId"));
        String pass = AgentClient.signIn("bob").passFor(started.string("key"), "demo");
        ViewerSockets.Open socket = ViewerSockets.open(ref, pass);
        new FluentWait<>(socket).withTimeout(Duration.ofSeconds(10)).pollingEvery(Duration.ofMillis(100)).until(o -> !o.messages.isEmpty());
        String token = MachineClients.token("tandem-test-revoker");
        String ip = MachineClients.addressInTestNet2();
        long before = Rows.lastAuditId();

        Answer revoked = MachineClients.call("POST", "agents/bob/revoke", token, ip, null);

        assertThat(revoked.status()).isEqualTo(204);
        assertThat(socket.closeCode.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
        assertThat(Rows.auditFrom(ip, before)).filteredOn(a -> a.type().equals("AGENT_REVOKED")).singleElement()
                .satisfies(a -> assertThat(a.actor()).isEqualTo("client:tandem-test-revoker"));

        String other = MachineClients.addressInTestNet2();
        long beforeWrite = Rows.lastAuditId();
        Answer write = MachineClients.call("PATCH", "groups/demo", token, other, "{\"maxAgents\":5}");
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.error()).isEqualTo("insufficient_scope");
        assertThat(write.raw().headers().firstValue("WWW-Authenticate").orElse("")).contains("cobrowse.groups.write");
        assertRefusalAudited(other, beforeWrite, "insufficient_scope", "client:tandem-test-revoker");
        assertThat(MachineClients.call("GET", "sessions", token, MachineClients.addressInTestNet2(), null).status())
                .as("nor read sessions").isEqualTo(403);
    }

    @Test
    void aValidTokenFromOutsideTheClientsNetworksIsRefusedAndAudited() {
        MachineClients.register("tandem-test-narrow", true, "[\"203.0.113.0/24\", \"2001:db8::/32\"]");
        String token = MachineClients.token("tandem-test-narrow");

        Answer inside = MachineClients.call("GET", "sessions", token, MachineClients.addressInTestNet3(), null);
        assertThat(inside.status()).isEqualTo(200);
        assertThat(inside.json().getJsonArray("sessions")).isNotNull();

        String outside = MachineClients.addressInTestNet2();
        long before = Rows.lastAuditId();
        Answer refused = MachineClients.call("GET", "sessions", token, outside, null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.error()).isEqualTo("address_not_allowed");
        assertRefusalAudited(outside, before, "address_not_allowed", "client:tandem-test-narrow");
    }

    @Test
    void aDisabledClientIsRefusedAtOnceEvenWithAValidToken() {
        MachineClients.register("tandem-test-disabled", true, "[\"198.51.100.0/24\"]");
        String token = MachineClients.token("tandem-test-disabled");
        assertThat(MachineClients.call("GET", "sessions", token, MachineClients.addressInTestNet2(), null).status()).isEqualTo(200);

        MachineClients.register("tandem-test-disabled", false, "[\"198.51.100.0/24\"]");
        String ip = MachineClients.addressInTestNet2();
        long before = Rows.lastAuditId();
        Answer refused = MachineClients.call("GET", "sessions", token, ip, null);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.error()).isEqualTo("client_refused");
        assertRefusalAudited(ip, before, "client_disabled", "client:tandem-test-disabled");
    }

    @Test
    void badTokensAreRefusedAndAudited() throws Exception {
        MachineClients.register("tandem-test-narrow", true, "[\"198.51.100.0/24\", \"203.0.113.0/24\"]");
        MachineClients.register("tandem-test-expired", true, "[\"198.51.100.0/24\"]");
        MachineClients.register("tandem-test-wrong-audience", true, "[\"198.51.100.0/24\"]");
        MachineClients.register("tandem-test-wrong-issuer", true, "[\"198.51.100.0/24\"]");
        String good = MachineClients.token("tandem-test-narrow");
        String[] parts = good.split("\\.");
        JWTClaimsSet claims = SignedJWT.parse(good).getJWTClaimsSet();

        String none = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString() + "." + parts[1] + ".";
        SignedJWT hs256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("tandem").build(), claims);
        hs256.sign(new MACSigner(JWKSet.parse(MachineClients.jwks()).getKeys().get(0).toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));
        String widened = Base64URL.encode(new JWTClaimsSet.Builder(claims).claim("scope", "cobrowse.groups.write").build().toString()).toString();
        String tampered = parts[0] + "." + widened + "." + parts[2];

        List<String[]> cases = List.of(
                new String[] {MachineClients.token("tandem-test-expired"), "expired"},
                new String[] {MachineClients.token("tandem-test-wrong-audience"), "wrong_audience"},
                new String[] {MachineClients.token("tandem-test-wrong-issuer"), "wrong_issuer"},
                new String[] {none, "unsigned"},
                new String[] {hs256.serialize(), "algorithm_or_key_refused"},
                new String[] {tampered, "bad_signature"},
                new String[] {"not.a.token", "malformed"});
        for (String[] c : cases) {
            String ip = MachineClients.addressInTestNet2();
            long before = Rows.lastAuditId();
            Answer refused = MachineClients.call("GET", "sessions", c[0], ip, null);
            assertThat(refused.status()).as(c[1]).isEqualTo(401);
            assertThat(refused.error()).as(c[1]).isEqualTo("invalid_token");
            assertThat(refused.raw().headers().firstValue("WWW-Authenticate").orElse("")).as(c[1]).startsWith("Bearer");
            assertRefusalAudited(ip, before, c[1], null);
        }
        assertThat(MachineClients.call("GET", "sessions", null, MachineClients.addressInTestNet2(), null).status())
                .as("no token").isEqualTo(401);
        assertThat(MachineClients.call("GET", "sessions", good, MachineClients.addressInTestNet2(), null).status())
                .as("the untouched token still works").isEqualTo(200);
    }

    @Test
    void theBrowserSignInCannotCallTheMachineApiAndABearerTokenCannotOpenTheConsole() {
        MachineClients.register("tandem-test-admin", true, "[\"198.51.100.0/24\", \"127.0.0.1/32\", \"::1/128\"]");
        AgentClient carol = AgentClient.signIn("carol");
        String session = carol.sessionCookie();
        HttpResponse<String> withCookie = TestHttp.send(HttpRequest.newBuilder(TestEnvironment.appBase().resolve("api/machine/sessions"))
                .header("Cookie", session).header("X-Forwarded-For", MachineClients.addressInTestNet2()).GET().build());
        assertThat(withCookie.statusCode()).as("an administrator's browser session on the machine API").isEqualTo(401);

        String token = MachineClients.token("tandem-test-admin");
        for (String path : List.of("agent/", "agent/admin.html", "api/agent/me")) {
            HttpResponse<String> console = TestHttp.send(HttpRequest.newBuilder(TestEnvironment.appBase().resolve(path))
                    .header("Authorization", "Bearer " + token).GET().build());
            assertThat(console.statusCode()).as(path + " with a bearer token").isNotIn(200, 201, 204);
        }
        HttpResponse<String> adminEnd = TestHttp.send(HttpRequest.newBuilder(TestEnvironment.appBase().resolve("api/admin/sessions/" + "a".repeat(64) + "/end"))
                .header("Authorization", "Bearer " + token).header("Origin", AgentClient.ownOrigin()).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(adminEnd.statusCode()).as("the administrator API with a bearer token").isNotIn(200, 201, 204).isNotEqualTo(404).isNotEqualTo(410);
    }

    @Test
    void aGroupChangeCountsForTheNextVisitorStart() {
        MachineClients.register("tandem-test-admin", true, "[\"198.51.100.0/24\", \"127.0.0.1/32\", \"::1/128\"]");
        String token = MachineClients.token("tandem-test-admin");
        String group = TestGroups.group().origins(SITE).create();
        String newSite = "https://" + group + ".example";
        assertThat(VisitorClient.from(newSite).start(group).status()).as("before the change").isEqualTo(403);

        String ip = MachineClients.addressInTestNet2();
        long before = Rows.lastAuditId();
        Answer changed = MachineClients.call("PATCH", "groups/" + group, token, ip,
                "{\"origins\":[\"" + SITE + "\",\"" + newSite + "\"],\"maskAllInputs\":true,\"keyLength\":4,"
                        + "\"maskedSelectors\":[\".card\",\"#iban\"]}");

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().getJsonArray("origins").getValuesAs(jakarta.json.JsonString.class))
                .extracting(jakarta.json.JsonString::getString).containsExactlyInAnyOrder(newSite, SITE);
        Answer started = VisitorClient.from(newSite).start(group);
        assertThat(started.status()).as("the next start, from the new origin").isEqualTo(201);
        assertThat(started.string("key")).hasSize(4);
        assertThat(Rows.auditFrom(ip, before)).filteredOn(a -> a.type().equals("GROUP_CHANGED")).singleElement().satisfies(a -> {
            assertThat(a.actor()).isEqualTo("client:tandem-test-admin");
            assertThat(a.groupId()).isEqualTo(group);
        });
        Answer read = MachineClients.call("GET", "groups/" + group, token, ip, null);
        assertThat(read.json().getBoolean("maskAllInputs")).isTrue();
        assertThat(read.json().getJsonArray("maskedSelectors").toString()).isEqualTo("[\".card\",\"#iban\"]");
    }

    @Test
    void everyGroupSettingIsChecked() {
        MachineClients.register("tandem-test-admin", true, "[\"198.51.100.0/24\", \"127.0.0.1/32\", \"::1/128\"]");
        String token = MachineClients.token("tandem-test-admin");
        String group = TestGroups.group().origins(SITE).create();
        for (String bad : List.of("{\"keyLength\":9}", "{\"keyLength\":\"6\"}", "{\"nope\":1}", "{}",
                "{\"origins\":[\"https://acme.example/path\"]}", "{\"origins\":[\"HTTPS://ACME.EXAMPLE\"]}",
                "{\"maskedSelectors\":[\"a{color:red}\"]}", "{\"piiPolicy\":\"SOMETIMES\"}", "{\"piiPatterns\":[\"99\"]}",
                "{\"idleTimeoutSeconds\":1}", "{\"maxAgents\":1.5}", "{\"displayName\":\"\"}", "{\"enabled\":\"yes\"}")) {
            Answer refused = MachineClients.call("PATCH", "groups/" + group, token, MachineClients.addressInTestNet2(), bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.error()).as(bad).isEqualTo("invalid_setting");
        }
        assertThat(MachineClients.call("PATCH", "groups/no-such-group", token, MachineClients.addressInTestNet2(), "{\"maxAgents\":2}").status())
                .isEqualTo(404);
        assertThat(VisitorClient.from(SITE).start(group).string("key")).as("nothing changed").hasSize(6);
    }

    @Test
    void sessionsAreListedAndEndedAndTheAuditLogIsReadAPageAtATime() {
        MachineClients.register("tandem-test-admin", true, "[\"198.51.100.0/24\", \"127.0.0.1/32\", \"::1/128\"]");
        String token = MachineClients.token("tandem-test-admin");
        String group = TestGroups.group().origins(SITE).create();
        Answer started = VisitorClient.from(SITE).start(group);
        String ref = Rows.refOf(started.string("sessionId"));
        String ip = MachineClients.addressInTestNet2();

        Answer live = MachineClients.call("GET", "sessions?group=" + group, token, ip, null);
        assertThat(live.json().getJsonArray("sessions")).singleElement().satisfies(s -> {
            assertThat(s.asJsonObject().getString("sessionRef")).isEqualTo(ref);
            assertThat(s.asJsonObject().containsKey("visitorIp")).isFalse();
        });
        assertThat(MachineClients.call("POST", "sessions/" + ref + "/end", token, ip, null).status()).isEqualTo(204);
        assertThat(Rows.session(ref).orElseThrow().endReason()).isEqualTo("ADMINISTRATOR");
        assertThat(MachineClients.call("POST", "sessions/" + ref + "/end", token, ip, null).status()).as("already ended").isEqualTo(410);
        assertThat(MachineClients.call("GET", "sessions?group=" + group, token, ip, null).json().getJsonArray("sessions")).isEmpty();

        Answer first = MachineClients.call("GET", "audit?group=" + group + "&limit=1", token, ip, null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().getJsonArray("events")).singleElement()
                .satisfies(e -> assertThat(e.asJsonObject().getString("type")).isEqualTo("SESSION_ENDED"));
        Answer second = MachineClients.call("GET", "audit?group=" + group + "&limit=1&before=" + first.string("next"), token, ip, null);
        assertThat(second.json().getJsonArray("events")).singleElement()
                .satisfies(e -> assertThat(e.asJsonObject().getString("type")).isEqualTo("SESSION_STARTED"));
        assertThat(MachineClients.call("GET", "audit?limit=0", token, ip, null).error()).isEqualTo("bad_parameter");
        assertThat(MachineClients.call("GET", "audit?outcome=MAYBE", token, ip, null).error()).isEqualTo("bad_parameter");
    }
}
