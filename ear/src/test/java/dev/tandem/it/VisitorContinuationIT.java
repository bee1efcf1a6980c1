package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.it.VisitorClient.Answer;
import java.util.Base64;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A started session continues across page loads ({@code resume}), stays alive ({@code heartbeat})
 * and ends on Stop; every continuation re-checks the signed token and the group policy, and a
 * tampered, foreign or ended one is refused with its audit row.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class VisitorContinuationIT {

    private static final String ACME = "https://acme.example";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    /** A started session; {@code since} is the newest audit row before its start, for its visitor's rows. */
    private record Started(VisitorClient visitor, String group, String sessionId, String key, String token, long since) {
        String ref() {
            return Rows.refOf(sessionId);
        }
    }

    private static Started start() {
        String group = TestGroups.group().origins(ACME, "https://other.acme.example").create();
        VisitorClient visitor = VisitorClient.from(ACME);
        long since = Rows.lastAuditId();
        Answer started = visitor.start(group);
        assertThat(started.status()).isEqualTo(201);
        return new Started(visitor, group, started.string("sessionId"), started.string("key"), started.string("token"), since);
    }

    @Test
    void aPageLoadResumesTheSameSessionAndIsAudited() {
        Started s = start();

        Answer resumed = s.visitor().post("resume", VisitorClient.continuation(s.token(), s.group()));

        assertThat(resumed.status()).isEqualTo(200);
        assertThat(resumed.string("sessionId")).isEqualTo(s.sessionId());
        assertThat(resumed.string("key")).isEqualTo(s.key());
        assertThat(resumed.string("token")).isNotBlank();
        assertThat(Rows.auditOfSession(s.ref())).extracting(Rows.Audit::type).containsExactly("SESSION_STARTED", "SESSION_RESUMED");
    }

    @Test
    void aTamperedTokenIsRefusedAndAudited() {
        Started s = start();
        String token = s.token();
        int dot = token.indexOf('.');
        String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), java.nio.charset.StandardCharsets.UTF_8);
        String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace(s.group(), s.group().toUpperCase()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        char last = token.charAt(token.length() - 1);
        String[] tampered = {
            token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A'), // one signature character changed
            otherPayload + token.substring(dot), // payload changed, signature kept
            token.substring(0, token.length() - 5), // truncated
            token.substring(0, dot) + "=" + token.substring(dot), // re-encoded with padding
            "", // empty
            token + "." + token, // two tokens joined
            spareBitVariant(token), // same signature bytes, spelled differently
        };
        for (String bad : tampered) {
            VisitorClient visitor = VisitorClient.from(ACME);
            long since = Rows.lastAuditId();
            Answer refused = visitor.post("resume", VisitorClient.continuation(bad, s.group()));
            assertThat(refused.status()).as("token %s", bad).isEqualTo(401);
            assertThat(refused.error()).isEqualTo("token_invalid");
            assertThat(Rows.auditFrom(visitor.ip(), since)).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo("START_DENIED");
                assertThat(a.reason()).isEqualTo("token_invalid");
                assertThat(a.detail().getString("step")).isEqualTo("resume");
            });
        }
        assertThat(s.visitor().post("resume", VisitorClient.continuation(s.token(), s.group())).status())
                .as("the genuine token still works").isEqualTo(200);
    }

    /** The token with its last character's unused low bit flipped: decodes to the same bytes. */
    static String spareBitVariant(String token) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(token.charAt(token.length() - 1));
        String variant = token.substring(0, token.length() - 1) + alphabet.charAt(last ^ 1);
        assertThat(Base64.getUrlDecoder().decode(variant.substring(variant.indexOf('.') + 1)))
                .isEqualTo(Base64.getUrlDecoder().decode(token.substring(token.indexOf('.') + 1)));
        return variant;
    }

    @Test
    void theGroupPolicyIsCheckedAgainOnEveryResume() {
        Started s = start();
        String stranger = TestGroups.group().create();

        Answer otherOrigin = s.visitor().at("https://other.acme.example").post("resume", VisitorClient.continuation(s.token(), s.group()));
        Answer notDeclared = s.visitor().post("resume", VisitorClient.continuation(s.token(), stranger));
        TestGroups.disable(s.group());
        Answer disabled = s.visitor().post("resume", VisitorClient.continuation(s.token(), s.group()));

        assertThat(otherOrigin.status()).as("another allowed origin of the group, not the session's").isEqualTo(403);
        assertThat(otherOrigin.error()).isEqualTo("origin_refused");
        assertThat(notDeclared.status()).isEqualTo(403);
        assertThat(notDeclared.error()).isEqualTo("group_not_declared");
        assertThat(disabled.status()).isEqualTo(403);
        assertThat(disabled.error()).isEqualTo("group_disabled");
        assertThat(Rows.auditFrom(s.visitor().ip(), s.since())).filteredOn(a -> a.type().equals("START_DENIED"))
                .extracting(Rows.Audit::reason).containsExactly("origin_refused", "group_not_declared", "group_disabled");
    }

    @Test
    void aHeartbeatKeepsTheSessionAndSaysNoAgentIsViewing() {
        Started s = start();

        Answer beat = s.visitor().post("heartbeat", VisitorClient.continuation(s.token(), s.group()));

        assertThat(beat.status()).isEqualTo(200);
        assertThat(beat.json().getBoolean("live")).isTrue();
        assertThat(beat.json().getJsonArray("agents")).isEmpty();
        assertThat(Rows.session(s.ref()).orElseThrow().endedAt()).isNull();
    }

    @Test
    void stopEndsTheSessionAtOnceAndItCannotBeResumed() {
        Started s = start();

        Answer stopped = s.visitor().post("stop", jakarta.json.Json.createObjectBuilder().add("token", s.token()));
        Answer resumed = s.visitor().post("resume", VisitorClient.continuation(s.token(), s.group()));
        Answer beat = s.visitor().post("heartbeat", VisitorClient.continuation(s.token(), s.group()));
        Answer stoppedAgain = s.visitor().post("stop", jakarta.json.Json.createObjectBuilder().add("token", s.token()));

        assertThat(stopped.status()).isEqualTo(204);
        Rows.Session row = Rows.session(s.ref()).orElseThrow();
        assertThat(row.endedAt()).isNotNull();
        assertThat(row.endReason()).isEqualTo("VISITOR_STOPPED");
        assertThat(resumed.status()).isEqualTo(410);
        assertThat(resumed.error()).isEqualTo("session_ended");
        assertThat(beat.status()).isEqualTo(410);
        assertThat(stoppedAgain.status()).as("stopping twice is harmless").isEqualTo(204);
        assertThat(Rows.auditOfSession(s.ref())).filteredOn(a -> a.type().equals("SESSION_ENDED")).singleElement()
                .satisfies(a -> assertThat(a.reason()).isEqualTo("VISITOR_STOPPED"));
        assertThat(Rows.auditFrom(s.visitor().ip(), s.since())).filteredOn(a -> a.type().equals("START_DENIED"))
                .extracting(Rows.Audit::reason).containsExactly("session_ended", "session_ended");
    }

    @Test
    void theKeyOfAStoppedSessionMayBeUsedAgain() {
        String group = TestGroups.group().create();
        VisitorClient visitor = VisitorClient.from(ACME);
        Answer first = visitor.post("", VisitorClient.startBody(group, group).add("key", "Reuse1"));
        visitor.post("stop", jakarta.json.Json.createObjectBuilder().add("token", first.string("token")));

        Answer again = visitor.post("", VisitorClient.startBody(group, group).add("key", "Reuse1"));

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.string("sessionId")).isNotEqualTo(first.string("sessionId"));
    }
}
