package dev.tandem.join;

import dev.tandem.presence.LiveSession;
import dev.tandem.presence.ViewerConnection;
import java.time.Instant;

/**
 * The agent side of a session: ask to join by key, redeem the join ticket for an agent pass, admit
 * viewer connections, refresh, leave, sign out and revoke. Every outcome is audited in the same
 * transaction; refusals throw {@link JoinRefusal} or {@link SocketRefusal}.
 */
public interface AgentJoins {

    /** A live session's key, asked for within the agent's groups; returns a signed join ticket. */
    String requestJoin(AgentIdentity agent, String groupId, String key, String clientAddress);

    /** Redeems a join ticket for the signed-in agent; returns the agent pass and its cookie value. */
    IssuedPass redeem(String ticket, AgentIdentity agent, String clientAddress);

    /** The agent's current pass (from its cookie) if it is still good for a live session. */
    IssuedPass currentPass(String passCookie, AgentIdentity agent, String clientAddress);

    /** A fresh pass for the same session with a new inactivity deadline. */
    IssuedPass refresh(String passCookie, AgentIdentity agent, String clientAddress);

    /**
     * Admits a viewer connection to {@code sessionRef}: the Origin must be on the allow-list and the
     * pass cookie good for exactly that session. Refusals are audited as SOCKET_REFUSED.
     */
    AgentPass admit(String passCookie, String sessionRef, String origin, String clientAddress);

    /** A viewer connection opened: the visitor sees the agent; the session's peak count is kept. Returns the live session it joined. */
    LiveSession viewerOpened(ViewerConnection connection);

    /** A viewer connection closed, for whatever reason: AGENT_LEFT. */
    void viewerClosed(ViewerConnection connection, String reason);

    /** The agent left the session: the pass's connections close. */
    void leave(String passCookie, AgentIdentity agent, String clientAddress);

    /** The agent signed out: every connection of theirs closes. */
    void signedOut(AgentIdentity agent, String clientAddress);

    /** An administrator revokes an agent: every pass and sign-in so far is void, connections close. */
    void revoke(String subject, String administrator, String clientAddress);

    /** Closes the connections whose pass expired or was revoked by {@code now}; returns how many. */
    int closeLapsed(Instant now);

    /** Signed value and expiry of a pass, with the session facts the viewer shows. */
    record IssuedPass(AgentPass pass, String cookie, String key, String groupId, String visitorOrigin) {
    }
}
