package dev.tandem.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Join tickets against a key ring driven by explicit instants: nothing sleeps, nothing depends on the wall clock. */
class JoinTicketSignerTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final String REF = "a".repeat(64);

    private final ServerKeyRing ring = new ServerKeyRing(new SecureRandom(), T0);
    private final JoinTicketSigner signer = new JoinTicketSigner(ring, Duration.ofSeconds(60));

    private String ticket(Instant at) {
        return signer.sign("t-1", REF, "alice", JoinTicket.VIEW, at);
    }

    @Test
    void aTicketCarriesExactlyWhatWasSigned() {
        JoinTicketSigner.Check check = signer.check(ticket(T0), T0.plusSeconds(1));
        assertThat(check.valid()).isTrue();
        assertThat(check.ticket()).isEqualTo(new JoinTicket("t-1", REF, "alice", "view", T0, 1));
    }

    @Test
    void aTicketIsGoodAt59SecondsAndAfterOneRotationButNotOnceItsKeyHasLeftTheWindow() {
        String ticket = ticket(T0);

        assertThat(signer.check(ticket, T0.plusSeconds(59)).valid()).isTrue();
        ring.rotate(T0.plusSeconds(60));
        assertThat(signer.check(ticket, T0.plusSeconds(61)).valid()).as("key is now the previous one").isTrue();
        ring.rotate(T0.plusSeconds(120));
        assertThat(signer.check(ticket, T0.plusSeconds(121)).flaw()).isEqualTo(JoinTicketSigner.Flaw.EXPIRED);
    }

    @Test
    void aTicketOlderThanTwoIntervalsIsExpiredEvenIfNoRotationRan() {
        assertThat(signer.check(ticket(T0), T0.plusSeconds(120)).flaw()).isEqualTo(JoinTicketSigner.Flaw.EXPIRED);
        assertThat(signer.check(ticket(T0), T0.minusSeconds(60)).flaw()).as("issued in the future").isEqualTo(JoinTicketSigner.Flaw.EXPIRED);
    }

    @Test
    void everyAlterationIsABadSignature() {
        String ticket = ticket(T0);
        int dot = ticket.indexOf('.');
        byte[] raw = Base64.getUrlDecoder().decode(ticket.substring(0, dot));
        List<String> tampered = new java.util.ArrayList<>();
        for (int bit = 0; bit < raw.length * 8; bit += 7) {
            byte[] flipped = raw.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            tampered.add(Base64.getUrlEncoder().withoutPadding().encodeToString(flipped) + ticket.substring(dot));
        }
        byte[] mac = Base64.getUrlDecoder().decode(ticket.substring(dot + 1));
        mac[0] ^= 1;
        tampered.add(ticket.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(mac));
        tampered.add(ticket.substring(0, ticket.length() - 1));
        tampered.add(ticket.substring(0, dot));
        tampered.add("");
        tampered.add(ticket.substring(0, dot) + "=" + ticket.substring(dot)); // padded: another encoding
        tampered.add(ticket.substring(0, dot + 1) + Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(ticket.substring(dot + 1))));
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(ticket.charAt(ticket.length() - 1));
        tampered.add(ticket.substring(0, ticket.length() - 1) + alphabet.charAt(last ^ 1)); // same MAC bytes, other spelling
        tampered.add(" " + ticket);
        tampered.add(ticket + ".");

        for (String bad : tampered) {
            JoinTicketSigner.Check check = signer.check(bad, T0.plusSeconds(1));
            assertThat(check.valid()).as(bad).isFalse();
        }
    }

    @Test
    void fieldsShiftedBetweenSessionAndAgentDoNotVerify() {
        // The same characters, split differently between session reference and subject.
        String honest = signer.sign("t-1", REF + "x", "alice", JoinTicket.VIEW, T0);
        String shifted = reSigned(honest, List.of("1", "t-1", REF, "xalice", "view", Long.toString(T0.getEpochSecond()), "1"));
        assertThat(signer.check(shifted, T0.plusSeconds(1)).flaw()).isEqualTo(JoinTicketSigner.Flaw.MALFORMED_OR_BAD_SIGNATURE);
        assertThat(SignedFields.encode(List.of("ab", "c"))).isNotEqualTo(SignedFields.encode(List.of("a", "bc")));
    }

    @Test
    void aTicketFromAnotherRingIsRefused() {
        JoinTicketSigner other = new JoinTicketSigner(new ServerKeyRing(new SecureRandom(), T0), Duration.ofSeconds(60));
        String foreign = other.sign("t-1", REF, "alice", JoinTicket.VIEW, T0);
        assertThat(signer.check(foreign, T0.plusSeconds(1)).valid()).isFalse();
    }

    @Test
    void aTokenOfAnotherPurposeNeverVerifiesAsATicket() {
        byte[] key = new byte[32];
        String pass = SignedFields.sign(AgentPassSigner.PURPOSE, key, List.of("1", "a", "b", "c", "d", "0", "0", ""));
        assertThat(SignedFields.verify(JoinTicketSigner.PURPOSE, key, pass, 8)).isEmpty();
        assertThat(SignedFields.verify(AgentPassSigner.PURPOSE, key, pass, 8)).isPresent();
    }

    /** The honest ticket's MAC put on other fields: what an attacker without the key can do. */
    private static String reSigned(String honest, List<String> fields) {
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(SignedFields.encode(fields));
        String mac = honest.substring(honest.indexOf('.'));
        assertThat(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8)).contains("xalice");
        return payload + mac;
    }
}
