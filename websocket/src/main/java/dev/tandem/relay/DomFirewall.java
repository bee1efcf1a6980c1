package dev.tandem.relay;

import dev.tandem.asset.AssetUrls;
import dev.tandem.json.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Defence in depth before fan-out (the agent's sandboxed viewer stays the primary boundary): every
 * rrweb event from a visitor is checked and cleaned against the allow-list in {@link FirewallRules}
 * so that nothing active, and nothing that makes the agent's browser connect or navigate outside
 * the viewer's CSP, reaches an agent. Only known event types and sources pass (anything else closes
 * the stream, 1003). In snapshots and mutations: elements not on the list (script, frames, portal,
 * fencedframe, plugins, base, unknown names) become empty {@code div}s; a {@code link} other than a
 * stylesheet is emptied too; attributes not on the list are dropped, URLs with other schemes than
 * http, https, mailto and tel (or raster image data) are dropped; SVG animation may not target
 * links; tag names are written out in the lower case the replayer creates; a node whose id or type
 * is not an integer both Java and JavaScript read the same way is dropped.
 *
 * <p>It works on rrweb's JSON node tree rather than on HTML, which is why it is a rule table here and
 * not an HTML sanitizer library: those parse and re-serialize markup, and there is none here. One
 * instance per visitor stream: it remembers which node ids are elements with rules of their own
 * (link, meta, SVG animation) or emptied ones, whose later attribute changes are judged by those
 * rules or refused, and which are the text of {@code <style>} elements, whose later text changes
 * are CSS like the first.
 *
 * <p>CSS reaches the agent through Tandem's asset proxy wherever the relay sees it: {@code style}
 * attributes, inlined sheets, {@code <style>} text when added and when changed later, and the rules
 * and declarations a page script sets through the CSSOM. rrweb records absolute URLs in snapshots
 * and added nodes; a later text change or CSSOM rule carries the page's own text, whose relative
 * URLs resolve against the page's address from the last Meta event (the visitor's; the proxy's
 * allow-list decides what is fetched, so a false address gains nothing).
 */
public final class DomFirewall {

    /** What the firewall remembers for an emptied element. */
    private static final String EMPTIED = "#emptied";

    private final Map<Integer, String> watched = new java.util.HashMap<>();
    /** Node ids of {@code <style>} text nodes. */
    private final Set<Integer> styleTexts = new HashSet<>();
    /** The visitor's page, from the last Meta event; null until one names an http(s) page. */
    private URI page;

    /**
     * The cleaned event; throws {@link StreamViolation} (1003) for a type the relay does not accept.
     * Cleaning is copy-on-write: an event with nothing to clean is returned as the same instance, so
     * that the relay can pass on the visitor's own text for it instead of writing it out again
     * (most events of a real page: see docs/benchmarks.md).
     */
    public JsonObject clean(JsonValue value) {
        if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new StreamViolation(StreamViolation.UNSUPPORTED, "event is not an object");
        }
        JsonObject event = value.asJsonObject();
        int type = intOf(event, "type");
        if (type < 0 || type > FirewallRules.MAX_EVENT_TYPE || !(event.get("timestamp") instanceof JsonNumber)) {
            throw new StreamViolation(StreamViolation.UNSUPPORTED, "unknown event type");
        }
        JsonObject data = event.get("data") instanceof JsonObject d ? d : JsonValue.EMPTY_JSON_OBJECT;
        if (type == FirewallRules.META) {
            page = pageOf(data.get("href"));
            return event;
        }
        if (type == FirewallRules.FULL_SNAPSHOT) {
            watched.clear();
            styleTexts.clear();
            if (!(data.get("node") instanceof JsonObject root) || intOf(root, "type") != FirewallRules.DOCUMENT_NODE
                    || FirewallRules.exactInt(root.get("id")) == null) {
                throw new StreamViolation(StreamViolation.UNSUPPORTED, "full snapshot without a document");
            }
            return with(event, "data", with(data, "node", cleanChildren(root)));
        }
        if (type == FirewallRules.INCREMENTAL) {
            int source = intOf(data, "source");
            if (source < 0 || source > FirewallRules.MAX_SOURCE) {
                throw new StreamViolation(StreamViolation.UNSUPPORTED, "unknown incremental source");
            }
            if (source == FirewallRules.MUTATION) {
                return with(event, "data", cleanMutation(data)); // a mutation's source makes data an object
            }
            if (source == FirewallRules.STYLE_SHEET_RULE) {
                return with(event, "data", cleanSheetRules(data));
            }
            if (source == FirewallRules.STYLE_DECLARATION && data.get("set") instanceof JsonObject set) {
                return with(event, "data", with(data, "set", cssMember(set, "value")));
            }
            if (source == FirewallRules.ADOPTED_STYLE_SHEET && data.get("styles") instanceof JsonArray styles) {
                return with(event, "data", with(data, "styles", cleanEach(styles,
                        style -> style instanceof JsonObject st && st.get("rules") instanceof JsonArray rules
                                ? with(st, "rules", cleanEach(rules, rule -> rule instanceof JsonObject r ? cssMember(r, "rule") : rule))
                                : style)));
            }
        }
        return event;
    }

    /** The mutation's data, the same instance if nothing in it needed cleaning. */
    private JsonObject cleanMutation(JsonObject data) {
        JsonObject cleaned = data;
        if (data.get("adds") instanceof JsonArray adds) {
            cleaned = with(cleaned, "adds", cleanEach(adds, add -> {
                if (add instanceof JsonObject a && a.get("node") instanceof JsonObject node) {
                    JsonObject clean = cleanNode(node);
                    return clean == null ? null : with(a, "node", clean);
                }
                return null; // an add without a node object is dropped
            }));
        }
        if (data.get("attributes") instanceof JsonArray attributes) {
            cleaned = with(cleaned, "attributes", cleanEach(attributes, this::cleanAttributeChange));
        }
        if (data.get("texts") instanceof JsonArray texts) {
            cleaned = with(cleaned, "texts", cleanEach(texts, text -> {
                Integer id = text instanceof JsonObject t ? FirewallRules.exactInt(t.get("id")) : null;
                if (id == null || EMPTIED.equals(watched.get(id))) {
                    return null;
                }
                return styleTexts.contains(id) ? cssMember(text.asJsonObject(), "value") : text;
            }));
        }
        return cleaned;
    }

    /** One attribute mutation cleaned, or null to drop it. */
    private JsonValue cleanAttributeChange(JsonValue change) {
        if (!(change instanceof JsonObject c) || !(c.get("attributes") instanceof JsonObject attrs)
                || FirewallRules.exactInt(c.get("id")) == null) {
            return null;
        }
        String tag = watched.get(FirewallRules.exactInt(c.get("id")));
        if (EMPTIED.equals(tag)) {
            return null; // an emptied element stays empty
        }
        return with(c, "attributes", cleanAttributes(attrs, tag == null ? "" : tag));
    }

    /**
     * The node cleaned, the same instance if nothing in it or below it needed cleaning; null to drop
     * it (a document other than the snapshot's root, a node type rrweb does not build, an id that is
     * not an exact integer).
     */
    private JsonObject cleanNode(JsonObject node) {
        int type = intOf(node, "type");
        Integer id = FirewallRules.exactInt(node.get("id"));
        if (type <= FirewallRules.DOCUMENT_NODE || type > FirewallRules.MAX_NODE_TYPE || id == null) {
            return null;
        }
        if (type != FirewallRules.ELEMENT_NODE) {
            if (node.get("isStyle") == JsonValue.TRUE) {
                styleTexts.add(id);
                node = cssMember(node, "textContent");
            }
            return cleanChildren(node);
        }
        String written = node.get("tagName") instanceof JsonString s ? s.getString() : "";
        String tag = FirewallRules.canonicalTag(written);
        JsonValue attributes = node.get("attributes");
        FirewallRules.Kind kind = FirewallRules.kind(tag);
        if (tag.equals("link") && !FirewallRules.keepsLink(attributes instanceof JsonObject a ? a.get("rel") : null)) {
            kind = FirewallRules.Kind.EMPTIED;
        }
        if (kind == FirewallRules.Kind.EMPTIED) {
            watched.put(id, EMPTIED);
            return Jsons.BUILDERS.createObjectBuilder().add("type", FirewallRules.ELEMENT_NODE).add("id", id)
                    .add("tagName", FirewallRules.EMPTIED_TAG).add("attributes", JsonValue.EMPTY_JSON_OBJECT)
                    .add("childNodes", JsonValue.EMPTY_JSON_ARRAY).build();
        }
        if (kind == FirewallRules.Kind.WATCHED) {
            watched.put(id, tag);
        }
        JsonObject cleaned = tag.equals(written) ? node : with(node, "tagName", Jsons.PROVIDER.createValue(tag));
        if (attributes instanceof JsonObject attrs) {
            cleaned = with(cleaned, "attributes", cleanAttributes(attrs, kind == FirewallRules.Kind.WATCHED ? tag : ""));
        } else if (attributes != null) {
            cleaned = with(cleaned, "attributes", JsonValue.EMPTY_JSON_OBJECT);
        }
        if (node.containsKey("isCustom") && node.get("isCustom").getValueType() == JsonValue.ValueType.TRUE
                && !FirewallRules.mayBeCustom(tag)) {
            cleaned = Jsons.BUILDERS.createObjectBuilder(cleaned).remove("isCustom").build();
        }
        return cleanChildren(cleaned);
    }

    /** The node with its children cleaned (only node objects are children). */
    private JsonObject cleanChildren(JsonObject node) {
        JsonValue children = node.get("childNodes");
        if (children instanceof JsonArray array) {
            return with(node, "childNodes", cleanEach(array, child -> child instanceof JsonObject c ? cleanNode(c) : null));
        }
        return children == null ? node : with(node, "childNodes", JsonValue.EMPTY_JSON_ARRAY);
    }

    /** The attributes cleaned by the rules for {@code tag} ({@code ""}: a plain element), the same instance if none changed. */
    private JsonObject cleanAttributes(JsonObject attributes, String tag) {
        JsonValue[] kept = new JsonValue[attributes.size()];
        boolean changed = false;
        int i = 0;
        for (Map.Entry<String, JsonValue> attribute : attributes.entrySet()) {
            kept[i] = cleanAttribute(attribute.getKey(), attribute.getValue(), tag);
            changed |= kept[i++] != attribute.getValue();
        }
        if (!changed) {
            return attributes;
        }
        JsonObjectBuilder out = Jsons.BUILDERS.createObjectBuilder();
        i = 0;
        for (String name : attributes.keySet()) {
            if (kept[i] != null) {
                out.add(name, kept[i]);
            }
            i++;
        }
        return out.build();
    }

    /** One attribute's value as it may pass: null when it is dropped, the same instance when it stays as it was. */
    private JsonValue cleanAttribute(String name, JsonValue value, String tag) {
        if (!(value instanceof JsonString text)) {
            if (!FirewallRules.keepsValue(tag, name, value.getValueType())) {
                return null;
            }
            return value instanceof JsonObject diff ? cleanStyleDiff(diff) : value;
        }
        String v = text.getString();
        String cleaned = FirewallRules.text(tag, name, v);
        return cleaned == null ? null : cleaned.equals(v) ? value : Jsons.PROVIDER.createValue(cleaned);
    }

    /**
     * True if the node with this id is one whose later changes are judged by rules of its own, or
     * refused: a watched or emptied element, or a {@code <style>} text node.
     */
    boolean watches(int id) {
        return watched.containsKey(id) || styleTexts.contains(id);
    }

    /**
     * rrweb's style diff of an attribute mutation ({@code {"background-image": "url(...)",
     * "color": ["red", "important"], "width": false}}): each value, or an array's first, cleaned as
     * CSS written in the page.
     */
    private JsonObject cleanStyleDiff(JsonObject diff) {
        JsonObject cleaned = diff;
        for (Map.Entry<String, JsonValue> property : diff.entrySet()) {
            JsonValue value = property.getValue();
            JsonValue clean = value;
            if (value instanceof JsonString css) {
                clean = cssValue(css);
            } else if (value instanceof JsonArray pair && !pair.isEmpty() && pair.get(0) instanceof JsonString css && cssValue(css) != css) {
                clean = Jsons.BUILDERS.createArrayBuilder(pair).set(0, cssValue(css)).build();
            }
            cleaned = with(cleaned, property.getKey(), clean);
        }
        return cleaned;
    }

    /** CSS written in the page, cleaned; the same instance if nothing changed. */
    private JsonString cssValue(JsonString css) {
        String rewritten = AssetUrls.css(FirewallRules.cleanCss(css.getString()), page);
        return rewritten.equals(css.getString()) ? css : Jsons.PROVIDER.createValue(rewritten);
    }

    /** A StyleSheetRule event's data with the CSS of its added rules and replaced sheet rewritten. */
    private JsonObject cleanSheetRules(JsonObject data) {
        JsonObject cleaned = data;
        if (data.get("adds") instanceof JsonArray adds) {
            cleaned = with(cleaned, "adds", cleanEach(adds, add -> add instanceof JsonObject a ? cssMember(a, "rule") : add));
        }
        return cssMember(cssMember(cleaned, "replace"), "replaceSync");
    }

    /** {@code object} with its string member {@code name}, if it has one, cleaned as CSS written in the page. */
    private JsonObject cssMember(JsonObject object, String name) {
        return object.get(name) instanceof JsonString css ? with(object, name, cssValue(css)) : object;
    }

    /** An http(s) page address, without its fragment; null for anything else. */
    private static URI pageOf(JsonValue href) {
        if (!(href instanceof JsonString s) || s.getString().length() > 8192) {
            return null;
        }
        String text = s.getString().trim();
        int hash = text.indexOf('#');
        try {
            URI uri = new URI(hash < 0 ? text : text.substring(0, hash));
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getRawUserInfo() == null ? uri : null;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /** {@code object} with {@code name} set to {@code value}; the same instance if that is already its member. */
    private static JsonObject with(JsonObject object, String name, JsonValue value) {
        return object.get(name) == value ? object : Jsons.BUILDERS.createObjectBuilder(object).add(name, value).build();
    }

    /**
     * Every element through {@code clean} (null drops it), copy-on-write: the same array back when
     * every element came back as itself.
     */
    private static JsonArray cleanEach(JsonArray values, UnaryOperator<JsonValue> clean) {
        JsonValue[] out = new JsonValue[values.size()];
        boolean changed = false;
        for (int i = 0; i < out.length; i++) {
            out[i] = clean.apply(values.get(i));
            changed |= out[i] != values.get(i);
        }
        if (!changed) {
            return values;
        }
        JsonArrayBuilder kept = Jsons.BUILDERS.createArrayBuilder();
        for (JsonValue v : out) {
            if (v != null) {
                kept.add(v);
            }
        }
        return kept.build();
    }

    /** A type or source: an exact integer, else -1. */
    private static int intOf(JsonObject object, String name) {
        Integer value = FirewallRules.exactInt(object.get(name));
        return value == null ? -1 : value;
    }
}
