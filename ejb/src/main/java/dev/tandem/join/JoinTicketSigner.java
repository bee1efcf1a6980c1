package dev.tandem.join;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Signs and checks join tickets with the {@link ServerKeyRing}. A ticket is valid while the key it
 * names is current or previous and, independently, for at most two rotation intervals after it was
 * issued (and not before). Which of those failed is told apart for the audit log only.
 */
public final class JoinTicketSigner {

    static final String PURPOSE = "tandem-join-ticket-v1";
    private static final int FIELDS = 7;
    private static final String VERSION = "1";

    /** Why a presented ticket is not good. */
    public enum Flaw {
        MALFORMED_OR_BAD_SIGNATURE("bad_signature"),
        EXPIRED("expired");

        private final String code;

        Flaw(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** A checked ticket, or why it failed. */
    public record Check(JoinTicket ticket, Flaw flaw) {
        public boolean valid() {
            return flaw == null;
        }
    }

    private final ServerKeyRing ring;
    private final Duration interval;

    public JoinTicketSigner(ServerKeyRing ring, Duration interval) {
        this.ring = ring;
        this.interval = interval;
    }

    /** Signs a ticket under the current key, whose number it carries. */
    public String sign(String ticketId, String sessionRef, String subject, String privileges, Instant issuedAt) {
        ServerKeyRing.ServerKey key = ring.current();
        return SignedFields.sign(PURPOSE, key.secret(), List.of(VERSION, ticketId, sessionRef, subject, privileges,
                Long.toString(issuedAt.getEpochSecond()), Integer.toString(key.id())));
    }

    public Check check(String token, Instant now) {
        Optional<List<String>> unverified = SignedFields.unverifiedFields(token, FIELDS);
        if (unverified.isEmpty() || !VERSION.equals(unverified.get().get(0))) {
            return new Check(null, Flaw.MALFORMED_OR_BAD_SIGNATURE);
        }
        int keyId;
        try {
            keyId = Integer.parseInt(unverified.get().get(6));
        } catch (NumberFormatException e) {
            return new Check(null, Flaw.MALFORMED_OR_BAD_SIGNATURE);
        }
        Optional<ServerKeyRing.ServerKey> key = ring.find(keyId);
        if (key.isEmpty()) {
            // Signed under a key that is gone (or never existed): expired, as far as anyone can tell.
            return new Check(null, Flaw.EXPIRED);
        }
        Optional<List<String>> fields = SignedFields.verify(PURPOSE, key.get().secret(), token, FIELDS);
        if (fields.isEmpty()) {
            return new Check(null, Flaw.MALFORMED_OR_BAD_SIGNATURE);
        }
        List<String> f = fields.get();
        Instant issued;
        try {
            issued = Instant.ofEpochSecond(Long.parseLong(f.get(5)));
        } catch (NumberFormatException e) {
            return new Check(null, Flaw.MALFORMED_OR_BAD_SIGNATURE);
        }
        JoinTicket ticket = new JoinTicket(f.get(1), f.get(2), f.get(3), f.get(4), issued, keyId);
        if (issued.isAfter(now.plusSeconds(5)) || !now.isBefore(issued.plus(interval.multipliedBy(2)))) {
            return new Check(ticket, Flaw.EXPIRED);
        }
        return new Check(ticket, null);
    }
}
