package dev.tandem.relay;

/**
 * A visitor stream message that breaks the protocol, with the WebSocket close code it earns:
 * 1003 for data the relay does not accept (malformed JSON, unknown message or event types),
 * 1007 for a compressed message that is not valid zlib or UTF-8, 1008 for policy (sequence,
 * authentication), 1009 for size (bytes, inflated bytes, inflate ratio or nesting depth), 1013 for a
 * sender over its message rate, who may reconnect and start again from a fresh snapshot.
 */
public class StreamViolation extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public static final int UNSUPPORTED = 1003;
    /** A message whose bytes are not what its frame says (a compressed message that does not inflate to UTF-8 text). */
    public static final int BAD_DATA = 1007;
    public static final int POLICY = 1008;
    public static final int TOO_BIG = 1009;
    public static final int TRY_AGAIN_LATER = 1013;

    private final int closeCode;

    public StreamViolation(int closeCode, String reason) {
        super(reason, null, false, false);
        this.closeCode = closeCode;
    }

    public int closeCode() {
        return closeCode;
    }
}
