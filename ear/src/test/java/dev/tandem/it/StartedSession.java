package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.it.VisitorClient.Answer;

/**
 * A visitor session started through the visitor API, as the relay and viewer tests need it: the
 * visitor's client, the session's reference, the key the visitor reads to the agent and the
 * visitor token its stream says hello with.
 */
record StartedSession(VisitorClient visitor, String ref, String key, String token) {

    /** Starts a session in {@code group} from a page of {@code site}; it must be created (201). */
    static StartedSession start(String site, String group) {
        VisitorClient visitor = VisitorClient.from(site);
        Answer started = visitor.start(group);
        assertThat(started.status()).as("visitor start").isEqualTo(201);
        return new StartedSession(visitor, Rows.refOf(started.string("sessionId")), started.string("key"), started.string("token"));
    }
}
