package dev.tandem.session;

/** Why a co-browse session ended. Stored by name in {@code cobrowse_session.end_reason}. */
public enum EndReason {
    /** The visitor pressed Stop. */
    VISITOR_STOPPED,
    /** No visitor connection for longer than the group's idle timeout. */
    VISITOR_IDLE,
    /** The session reached the group's maximum duration. */
    MAX_DURATION,
    /** An administrator ended it. */
    ADMINISTRATOR,
    /** The server shut down while the session was live. */
    SERVER_SHUTDOWN,
    /** The PII tripwire found personal data on a group whose policy is MASK_AND_END. */
    PII_TRIPPED
}
