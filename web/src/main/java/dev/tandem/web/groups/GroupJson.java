package dev.tandem.web.groups;

import dev.tandem.group.CobrowseGroup;
import dev.tandem.json.Jsons;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.Collection;
import java.util.TreeSet;

/** A group's settings as the API shows them, under the same names {@link GroupFields} accepts. */
public final class GroupJson {

    private GroupJson() {
    }

    public static JsonObject of(CobrowseGroup g) {
        return Jsons.BUILDERS.createObjectBuilder()
                .add("id", g.id())
                .add("displayName", g.displayName())
                .add("enabled", g.isEnabled())
                .add("origins", array(new TreeSet<>(g.allowedOrigins())))
                .add("keyLength", g.keyLength())
                .add("maskedSelectors", array(g.maskedSelectors()))
                .add("blockedSelectors", array(g.blockedSelectors()))
                .add("maskAllInputs", g.maskAllInputs())
                .add("idleTimeoutSeconds", g.idleTimeout().toSeconds())
                .add("maxDurationSeconds", g.maxDuration().toSeconds())
                .add("maxAgents", g.maxAgents())
                .add("piiPolicy", g.piiPolicy().name())
                .add("piiPatterns", array(g.piiPatterns()))
                .add("agentModes", g.agentModes())
                .add("writeNeedsApproval", g.writeNeedsApproval())
                .add("agentSubmitAllowed", g.agentSubmitAllowed())
                .add("controlRestrictedSelectors", array(g.controlRestrictedSelectors()))
                .add("allowedExternalDomains", array(g.allowedExternalDomains()))
                .add("disableCaching", g.disableCaching())
                .build();
    }

    private static JsonArrayBuilder array(Collection<String> values) {
        JsonArrayBuilder array = Jsons.BUILDERS.createArrayBuilder();
        values.forEach(array::add);
        return array;
    }
}
