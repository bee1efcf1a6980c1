package dev.tandem.relay;

import dev.tandem.json.Jsons;
import dev.tandem.presence.Viewer;
import jakarta.json.JsonArrayBuilder;
import java.util.List;

/** The JSON messages the server sends on a viewer connection (see docs/protocol.md). */
final class ViewerMessages {

    private ViewerMessages() {
    }

    static String welcome(String key, List<Viewer> viewers, String modes) {
        JsonArrayBuilder granted = Jsons.BUILDERS.createArrayBuilder();
        for (String mode : modes == null ? new String[] {"view"} : modes.split(",")) {
            granted.add(mode);
        }
        return Jsons.BUILDERS.createObjectBuilder().add("type", "welcome").add("key", key).add("viewers", names(viewers))
                .add("modes", granted).build().toString();
    }

    /** Write mode for this agent changed: {@code requested}, {@code granted}, {@code declined}, {@code revoked}. */
    static String mode(String state, String by) {
        return Jsons.BUILDERS.createObjectBuilder().add("type", "mode").add("mode", "write").add("state", state).add("by", by)
                .build().toString();
    }

    /** An action of this agent was refused (by the relay or the visitor's page), with the reason code only. */
    static String refused(String reason) {
        return Jsons.BUILDERS.createObjectBuilder().add("type", "refused").add("reason", reason).build().toString();
    }

    static String viewers(List<Viewer> viewers) {
        return Jsons.BUILDERS.createObjectBuilder().add("type", "viewers").add("viewers", names(viewers)).build().toString();
    }

    static String ended(String reason) {
        return Jsons.BUILDERS.createObjectBuilder().add("type", "ended").add("reason", reason).build().toString();
    }

    private static JsonArrayBuilder names(List<Viewer> viewers) {
        JsonArrayBuilder names = Jsons.BUILDERS.createArrayBuilder();
        viewers.forEach(v -> names.add(Jsons.BUILDERS.createObjectBuilder().add("displayName", v.displayName())));
        return names;
    }
}
