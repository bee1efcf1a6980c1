package dev.tandem.asset;

import java.util.Locale;

/**
 * An asset the proxy will not fetch or pass on, with the first rule that refused it. The host (never
 * the path or query) is kept for the audit log; the reason is a stable lower-case word.
 */
public final class AssetRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why; {@link #status()} says how the web layer answers. */
    public enum Reason {
        /** Not an absolute http or https URL without user info. */
        BAD_URL(400),
        /** The host is neither one of the group's origins nor in its allowed external domains. */
        HOST_NOT_ALLOWED(403),
        /** The host resolved to an address of a class assets never come from (loopback, private, ...). */
        ADDRESS_REFUSED(403),
        /** The host did not resolve. */
        UNKNOWN_HOST(502),
        /** Too many redirects. */
        TOO_MANY_REDIRECTS(502),
        /** The answer was not 200, or not HTTP. */
        BAD_ANSWER(502),
        /** The answer's content type is not an image, a font or a stylesheet. */
        CONTENT_TYPE(502),
        /** The answer is larger than one asset may be. */
        TOO_LARGE(502),
        /** The answer did not arrive in time. */
        TIMEOUT(504),
        /** Connecting or reading failed. */
        UNREACHABLE(502),
        /** The session used up its bytes or time for assets. */
        SESSION_BUDGET(429),
        /** Too many fetches at once. */
        BUSY(503);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        /** The word written in the audit log and the error body. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;
    private final String host;
    private final String detail;

    public AssetRefusal(Reason reason, String host, String detail) {
        super(reason.word() + (host == null ? "" : " " + host) + (detail == null ? "" : ": " + detail), null, false, false);
        this.reason = reason;
        this.host = host;
        this.detail = detail;
    }

    public Reason reason() {
        return reason;
    }

    /** The host refused, or null when the URL had none. */
    public String host() {
        return host;
    }

    /** A short word on the refused address class or content type, or null. */
    public String detail() {
        return detail;
    }

    /** The HTTP status the agent's browser gets. */
    public int status() {
        return reason.status;
    }
}
