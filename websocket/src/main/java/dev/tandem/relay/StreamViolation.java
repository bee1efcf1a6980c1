package dev.tandem.relay;

/**
 * A visitor stream message that breaks the protocol, with the WebSocket close code it earns:
 * 1003 for data the relay does not accept (malformed JSON, unknown message or event types),
 * 1008 for policy (sequence, rate, authentication), 1009 for size.
 */
public class StreamViolation extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public static final int UNSUPPORTED = 1003;
    public static final int POLICY = 1008;
    public static final int TOO_BIG = 1009;

    private final int closeCode;

    public StreamViolation(int closeCode, String reason) {
        super(reason, null, false, false);
        this.closeCode = closeCode;
    }

    public int closeCode() {
        return closeCode;
    }
}
