package dev.tandem.presence;

/** The visitor's open stream connection to a session, as the relay registers it. */
public interface VisitorLink {

    /** Asks the visitor's page for a fresh full snapshot (a new agent joined, or the buffer is full). */
    void requestSnapshot();

    /**
     * Sends a guidance message built by the relay from an agent's checked message (pointer,
     * control, write request) to the visitor's page; skipped when the stream is gone.
     */
    void guide(String json);

    /** Closes the stream with a WebSocket close code; a session end says why first. */
    void close(int code, String reason);
}
