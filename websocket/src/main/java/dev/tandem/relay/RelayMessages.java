package dev.tandem.relay;

import dev.tandem.json.Jsons;
import java.util.List;

/** The relay's JSON messages built as text, so that cleaned events are never parsed twice. */
final class RelayMessages {

    private RelayMessages() {
    }

    /** {@code {"type":"events","events":[...]}} from already-serialized events. */
    static String events(List<String> events) {
        StringBuilder b = new StringBuilder(32 + events.stream().mapToInt(String::length).sum() + events.size());
        b.append("{\"type\":\"events\",\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(events.get(i));
        }
        return b.append("]}").toString();
    }

    /**
     * The answer to an accepted hello. With {@code maxInflateRatio} above 0 it names the compression
     * the relay takes ({@code "compression":"deflate"}) and its ratio bound, so the page never sends
     * a compressed message the relay would refuse; with 0 the relay takes none and says nothing of it.
     */
    static String ready(int maxMessageBytes, int maxMessagesPerSecond, int maxInflateRatio) {
        String compression = maxInflateRatio > 0 ? ",\"compression\":\"deflate\",\"maxInflateRatio\":" + maxInflateRatio : "";
        return "{\"type\":\"ready\",\"maxMessageBytes\":" + maxMessageBytes + ",\"maxEventsPerSecond\":" + maxMessagesPerSecond
                + compression + "}";
    }

    /**
     * An agent's checked guidance message for the visitor's page, with who sent it: the
     * connection's agent id (pointer colour, consent) and display name (label, prompt).
     */
    static String guidance(String agentId, String displayName, jakarta.json.JsonObject message) {
        return Jsons.BUILDERS.createObjectBuilder().add("type", "agent").add("agent", agentId).add("name", displayName)
                .add("message", message).build().toString();
    }

    static final String SNAPSHOT = "{\"type\":\"snapshot\"}";

    static String ended(String reason) {
        return Jsons.BUILDERS.createObjectBuilder().add("type", "ended").add("reason", reason).build().toString();
    }
}
