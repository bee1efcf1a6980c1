package dev.tandem.presence;

import java.time.Instant;

/**
 * One open viewer connection of an agent to a session, as the relay registers it: who, which
 * session, which pass admitted it and until when, and how to close it with a WebSocket close code.
 */
public interface ViewerConnection {

    Viewer viewer();

    String sessionRef();

    String passId();

    Instant passIssuedAt();

    Instant passExpiresAt();

    /** The agent refreshed their pass: the connection stays open until the new deadline. */
    void extendPass(Instant expiresAt);

    /** Closes the connection with this close code and reason phrase (short, no secrets). */
    void close(int code, String reason);
}
