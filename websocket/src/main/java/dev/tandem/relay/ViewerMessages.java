package dev.tandem.relay;

import dev.tandem.json.Jsons;
import dev.tandem.presence.Viewer;
import jakarta.json.JsonArrayBuilder;
import java.util.List;

/** The JSON messages the server sends on a viewer connection (see docs/protocol.md). */
final class ViewerMessages {

    private ViewerMessages() {
    }

    static String welcome(String key, List<Viewer> viewers) {
        return Jsons.BUILDERS.createObjectBuilder().add("type", "welcome").add("key", key).add("viewers", names(viewers)).build().toString();
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
