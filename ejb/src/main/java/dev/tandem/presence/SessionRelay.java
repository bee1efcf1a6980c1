package dev.tandem.presence;

/**
 * What the relay keeps for one live session (its catch-up and the agents' outboxes), attached to
 * the {@link LiveSession} so that it lives and dies with it. The relay module implements it; this
 * module only tells it when to let go.
 */
public interface SessionRelay {

    /** The session's current visitor stream closed: what was buffered for it is of no use any more. */
    void visitorGone();

    /** The session left this node's memory (ended, or nobody connected any more): drop everything. */
    void release();
}
