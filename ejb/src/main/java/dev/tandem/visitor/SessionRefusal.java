package dev.tandem.visitor;

import jakarta.ejb.ApplicationException;

/**
 * A visitor request refused by a rule. It does not roll back the transaction: the START_DENIED
 * audit row written before it is thrown must be kept. The web layer maps the reason to its status.
 */
@ApplicationException(rollback = false)
public class SessionRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why, with the HTTP status and the stable error code the API returns. */
    public enum Reason {
        MALFORMED(400, "malformed", "The request is not valid."),
        BAD_KEY(400, "bad_key", "A session key is 1 to 63 letters or digits."),
        TOKEN_INVALID(401, "token_invalid", "The session token is not valid."),
        WRONG_SESSION(403, "wrong_session", "The session token is for another session."),
        ORIGIN_REFUSED(403, "origin_refused", "This site may not start co-browse sessions for that group."),
        GROUP_NOT_DECLARED(403, "group_not_declared", "The page does not declare that group."),
        GROUP_DISABLED(403, "group_disabled", "Co-browsing is switched off for that group."),
        UNKNOWN_GROUP(404, "unknown_group", "No such co-browse group."),
        KEY_IN_USE(409, "key_in_use", "That session key is already in use."),
        SESSION_ENDED(410, "session_ended", "The co-browse session has ended."),
        TOO_LARGE(413, "too_large", "The request is too large."),
        TOO_MANY(429, "too_many_requests", "Too many co-browse sessions started from here; try again later."),
        NO_FREE_KEY(503, "no_free_key", "No free session key right now; try again.");

        private final int status;
        private final String code;
        private final String message;

        Reason(int status, String code, String message) {
            this.status = status;
            this.code = code;
            this.message = message;
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
    }

    private final Reason reason;

    public SessionRefusal(Reason reason) {
        super(reason.code(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
