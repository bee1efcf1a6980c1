package dev.tandem.join;

import jakarta.ejb.ApplicationException;

/**
 * A viewer connection refused before the upgrade (the handshake gets 403, never 101), or found
 * invalid later (the socket is closed with 1008). Carries the audit reason; the audit row
 * (SOCKET_REFUSED) is written before it is thrown and is kept.
 */
@ApplicationException(rollback = false)
public class SocketRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The reasons a viewer socket is refused, as the audit log records them. */
    public enum Reason {
        NO_COOKIE, BAD_COOKIE, WRONG_SESSION, EXPIRED, REVOKED, ORIGIN_REFUSED, IP_CHANGED, SESSION_ENDED, TOO_MANY_VIEWERS;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Reason reason;

    public SocketRefusal(Reason reason) {
        super(reason.code(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
