package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.it.Rows.Audit;
import dev.tandem.it.VisitorClient.Answer;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /cobrowse/api/visitor/sessions} over HTTPS, as a customer's page calls it: who may
 * start a session for which group, what the visitor gets back, and the audit row of every outcome.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class VisitorStartIT {

    private static final String ACME = "https://acme.example";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    @Test
    void anAllowedOriginStartsASessionAndGetsKeyIdTokenAndSettings() {
        String group = TestGroups.group().origins(ACME).maskedSelectors("[\"#iban\"]").create();
        VisitorClient visitor = VisitorClient.from(ACME);

        Answer started = visitor.start(group);

        assertThat(started.status()).isEqualTo(201);
        String key = started.string("key");
        String sessionId = started.string("sessionId");
        assertThat(key).matches("[0-9]{6}");
        assertThat(sessionId).startsWith(group + "." + key + ".");
        assertThat(sessionId.substring((group + "." + key + ".").length())).as("128 random bits, base64url").matches("[A-Za-z0-9_-]{22}");
        assertThat(started.string("token")).isNotBlank().doesNotContain(" ");
        assertThat(started.string("streamUrl")).startsWith("wss://localhost:");
        assertThat(started.json().getJsonObject("settings").getJsonArray("maskedSelectors").getString(0)).isEqualTo("#iban");
        assertThat(started.raw().headers().firstValue("Access-Control-Allow-Origin")).hasValue(ACME);
        assertThat(started.raw().headers().allValues("Vary")).anySatisfy(v -> assertThat(v).contains("Origin"));

        String ref = Rows.refOf(sessionId);
        Rows.Session row = Rows.session(ref).orElseThrow();
        assertThat(row.groupId()).isEqualTo(group);
        assertThat(row.key()).isEqualTo(key);
        assertThat(row.endedAt()).isNull();
        assertThat(row.origin()).isEqualTo(ACME);
        assertThat(row.userAgent()).isEqualTo("TandemTest/1.0");
        assertThat(row.visitorIp()).as("hashed by default, never the address").startsWith("hmac:").doesNotContain(visitor.ip());
        assertThat(row.node()).isNotBlank();
        assertThat(Rows.auditOfSession(ref)).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo("SESSION_STARTED");
            assertThat(a.outcome()).isEqualTo("SUCCESS");
            assertThat(a.groupId()).isEqualTo(group);
            assertThat(a.sourceIp()).isEqualTo(visitor.ip());
        });
    }

    @Test
    void theGroupsKeyLengthIsUsed() {
        String group = TestGroups.group().keyLength(4).create();
        assertThat(VisitorClient.from(ACME).start(group).string("key")).matches("[0-9]{4}");
    }

    @ParameterizedTest(name = "Origin {0}")
    @NullSource
    @ValueSource(strings = {"null", "https://acme.example.evil.test", "https://evil.test", "http://acme.example",
        "https://acme.example:8443", "https://acme.example.", "https://xn--acme-example.test", "https://acme.example/path"})
    void anyOtherOriginIsRefusedWithoutCorsAndAudited(String origin) {
        String group = TestGroups.group().origins(ACME).create();
        VisitorClient visitor = VisitorClient.from(origin);
        long since = Rows.lastAuditId();

        Answer refused = visitor.start(group);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.error()).isEqualTo("origin_refused");
        assertThat(refused.raw().headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(Rows.liveSessionsOf(group)).isEmpty();
        assertDenied(visitor, since, group, "origin_refused");
    }

    @Test
    void anUnknownGroupIs404AndAudited() {
        VisitorClient visitor = VisitorClient.from(ACME);
        long since = Rows.lastAuditId();
        Answer refused = visitor.start("no-such-group");
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.error()).isEqualTo("unknown_group");
        assertDenied(visitor, since, null, "unknown_group");
    }

    @Test
    void aDisabledGroupIsRefusedAndAudited() {
        String group = TestGroups.group().disabled().create();
        VisitorClient visitor = VisitorClient.from(ACME);
        long since = Rows.lastAuditId();
        Answer refused = visitor.start(group);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.error()).isEqualTo("group_disabled");
        assertDenied(visitor, since, group, "group_disabled");
    }

    @Test
    void aGroupThePageDoesNotDeclareIsRefusedAndAudited() {
        String group = TestGroups.group().create();
        String other = TestGroups.group().create();
        VisitorClient visitor = VisitorClient.from(ACME);
        long since = Rows.lastAuditId();

        Answer refused = visitor.post("", VisitorClient.startBody(group, other));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.error()).isEqualTo("group_not_declared");
        assertDenied(visitor, since, group, "group_not_declared");
    }

    @Test
    void anAdditionalGroupDeclaredByThePageMayBeUsed() {
        String main = TestGroups.group().create();
        String additional = TestGroups.group().create();
        Answer started = VisitorClient.from(ACME).post("", VisitorClient.startBody(additional, main, additional));
        assertThat(started.status()).isEqualTo(201);
        assertThat(started.string("sessionId")).startsWith(additional + ".");
    }

    @Test
    void aPageMayBringItsOwnKeyOnceWhileItIsLive() {
        String group = TestGroups.group().create();
        VisitorClient visitor = VisitorClient.from(ACME);
        long since = Rows.lastAuditId();

        Answer first = visitor.post("", VisitorClient.startBody(group, group).add("key", "CRM4711x"));
        Answer second = visitor.post("", VisitorClient.startBody(group, group).add("key", "CRM4711x"));

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.string("key")).isEqualTo("CRM4711x");
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.error()).isEqualTo("key_in_use");
        assertDenied(visitor, since, group, "key_in_use");
    }

    @ParameterizedTest(name = "key \"{0}\"")
    @ValueSource(strings = {"", "abc-123", "key with space", "ключ", "1234567890123456789012345678901234567890123456789012345678901234"})
    void aMalformedCustomKeyIs400AndAudited(String key) {
        String group = TestGroups.group().create();
        VisitorClient visitor = VisitorClient.from(ACME);
        long since = Rows.lastAuditId();

        Answer refused = visitor.post("", VisitorClient.startBody(group, group).add("key", key));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("bad_key");
        assertThat(Rows.liveSessionsOf(group)).isEmpty();
        assertDenied(visitor, since, group, "bad_key");
    }

    @ParameterizedTest(name = "body {0}")
    @ValueSource(strings = {"{", "[]", "\"demo\"", "{\"groupId\": 7, \"pageGroups\": []}", "{\"groupId\": \"x\", \"pageGroups\": \"x\"}",
        "{\"pageGroups\": [\"x\"]}"})
    void aMalformedBodyIs400AndAudited(String body) {
        VisitorClient visitor = VisitorClient.from(ACME);
        long since = Rows.lastAuditId();
        Answer refused = visitor.post("", body);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("malformed");
        assertDenied(visitor, since, null, "malformed");
    }

    @Test
    void anOversizedBodyIs413AndAudited() {
        String group = TestGroups.group().create();
        VisitorClient visitor = VisitorClient.from(ACME);
        long since = Rows.lastAuditId();
        String padding = "x".repeat(5000);
        Answer refused = visitor.post("", VisitorClient.startBody(group, group).add("padding", padding));
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.error()).isEqualTo("too_large");
        assertDenied(visitor, since, null, "too_large");
    }

    @Test
    void aBodyThatIsNotJsonIs415WithAJsonError() {
        Answer refused = VisitorClient.from(ACME).send(VisitorClient.from(ACME).request("")
                .header("Content-Type", "text/plain").POST(java.net.http.HttpRequest.BodyPublishers.ofString("hello")));
        assertThat(refused.status()).isEqualTo(415);
        assertThat(refused.error()).isEqualTo("unsupported_media_type");
    }

    @Test
    void tooManyStartsFromOneClientAre429AndAuditedOnce() {
        String group = TestGroups.group().create();
        VisitorClient visitor = VisitorClient.from(ACME);
        long since = Rows.lastAuditId();
        for (int i = 0; i < 10; i++) {
            assertThat(visitor.start(group).status()).as("start %d", i + 1).isEqualTo(201);
        }

        Answer eleventh = visitor.start(group);
        Answer twelfth = visitor.start(group);

        assertThat(eleventh.status()).isEqualTo(429);
        assertThat(eleventh.error()).isEqualTo("too_many_requests");
        assertThat(eleventh.raw().headers().firstValue("Retry-After")).hasValue("60");
        assertThat(twelfth.status()).isEqualTo(429);
        assertThat(Rows.auditFrom(visitor.ip(), since)).filteredOn(a -> a.type().equals("START_DENIED"))
                .singleElement().satisfies(a -> assertThat(a.reason()).isEqualTo("too_many_requests"));
        assertThat(VisitorClient.from(ACME).start(group).status()).as("another client is not affected").isEqualTo(201);
    }

    @Test
    void aPreflightIsAnsweredOnlyForAllowedOrigins() {
        String allowed = "https://preflight-" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".example";
        TestGroups.group().origins(allowed).create();

        Answer ok = VisitorClient.from(allowed).preflight("");
        Answer refused = VisitorClient.from("https://evil.test").preflight("");

        assertThat(ok.status()).isEqualTo(204);
        assertThat(ok.raw().headers().firstValue("Access-Control-Allow-Origin")).hasValue(allowed);
        assertThat(ok.raw().headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST");
        assertThat(ok.raw().headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(ok.raw().headers().allValues("Vary")).anySatisfy(v -> assertThat(v).contains("Origin"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.raw().headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(refused.raw().headers().allValues("Vary")).anySatisfy(v -> assertThat(v).contains("Origin"));
    }

    /** The one START_DENIED row of {@code visitor}'s address written after the audit row {@code since}. */
    static void assertDenied(VisitorClient visitor, long since, String group, String reason) {
        List<Audit> denied = Rows.auditFrom(visitor.ip(), since).stream().filter(a -> a.type().equals("START_DENIED")).toList();
        assertThat(denied).as("START_DENIED rows from %s", visitor.ip()).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo("DENIED");
            assertThat(a.reason()).isEqualTo(reason);
            assertThat(a.groupId()).isEqualTo(group);
            assertThat(a.actor()).isEqualTo("visitor");
        });
    }
}
