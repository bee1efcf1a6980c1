package dev.tandem.join;

import jakarta.ejb.ApplicationException;

/**
 * A join, redemption or viewer connection refused by a rule. Does not roll back: the audit row
 * written before it is thrown is kept. Several audit reasons share one public answer so that the
 * answer is no oracle (a key in another group looks exactly like no key at all).
 */
@ApplicationException(rollback = false)
public class JoinRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why: the HTTP status, the public error code and message, and the reason the audit row records. */
    public enum Reason {
        MALFORMED(400, "malformed", "The request is not valid.", "malformed"),
        BAD_KEY(400, "bad_key", "A session key is 1 to 63 letters or digits.", "bad_key"),
        NO_SUCH_SESSION(404, "no_such_session", "No live session with that key in your groups.", "no_such_session"),
        WRONG_GROUP(404, "no_such_session", "No live session with that key in your groups.", "wrong_group"),
        CHOOSE_GROUP(409, "choose_group", "That key is live in more than one of your groups: choose the group.", "ambiguous_key"),
        NO_TICKET(401, "no_ticket", "There is no join ticket to redeem: join by key first.", "no_ticket"),
        BAD_SIGNATURE(401, "ticket_invalid", "The join ticket is not valid: join by key again.", "bad_signature"),
        EXPIRED(401, "ticket_expired", "The join ticket has expired: join by key again.", "expired"),
        REPLAY(401, "ticket_replayed", "That join ticket was already used: join by key again.", "replay"),
        WRONG_AGENT(403, "wrong_agent", "That join ticket was issued to someone else.", "wrong_agent"),
        SESSION_ENDED(410, "session_ended", "The co-browse session has ended.", "session_ended"),
        REVOKED(401, "revoked", "Your access was revoked: sign in again.", "revoked"),
        TOO_MANY(429, "too_many_requests", "Too many join attempts; try again in a minute.", "too_many_requests"),
        NO_PASS(404, "no_pass", "You are not viewing a session.", "no_pass");

        private final int status;
        private final String code;
        private final String message;
        private final String auditReason;

        Reason(int status, String code, String message, String auditReason) {
            this.status = status;
            this.code = code;
            this.message = message;
            this.auditReason = auditReason;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }

        public String message() {
            return message;
        }

        public String auditReason() {
            return auditReason;
        }
    }

    private final Reason reason;

    public JoinRefusal(Reason reason) {
        super(reason.code(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
