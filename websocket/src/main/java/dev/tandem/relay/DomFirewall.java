package dev.tandem.relay;

import dev.tandem.json.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Defence in depth before fan-out (the agent's sandboxed viewer stays the primary boundary): every
 * rrweb event from a visitor is checked and cleaned so that nothing active reaches an agent. Only
 * known event types pass. In snapshots and mutations: script elements lose their content and
 * attributes; {@code on*} handlers are dropped; URL-bearing attributes with {@code javascript:},
 * {@code vbscript:} or {@code data:} other than images are dropped; {@code srcdoc},
 * {@code http-equiv} and {@code base} targets are dropped; {@code object}, {@code embed} and
 * {@code applet} become empty {@code div}s; {@code javascript:} inside CSS {@code url()} is removed.
 *
 * <p>It works on rrweb's JSON node tree rather than on HTML, which is why it is a small rule set here
 * and not an HTML sanitizer library: those parse and re-serialize markup, and there is none here.
 * One instance per visitor stream: it remembers which node ids are elements whose later attribute
 * mutations must be refused entirely (script, base, meta, object, embed, iframe).
 */
public final class DomFirewall {

    /** rrweb event types accepted from a visitor: DomContentLoaded, Load, FullSnapshot, Incremental, Meta. */
    private static final int MAX_EVENT_TYPE = 4;
    private static final int FULL_SNAPSHOT = 2;
    private static final int INCREMENTAL = 3;
    /** rrweb incremental sources accepted: Mutation (0) up to CustomElement (16). */
    private static final int MAX_SOURCE = 16;
    private static final int MUTATION = 0;
    private static final int ELEMENT_NODE = 2;

    private static final Set<String> URL_ATTRIBUTES = Set.of("href", "src", "action", "formaction", "xlink:href", "srcset",
            "poster", "background", "data", "codebase", "cite", "longdesc", "ping", "lowsrc", "dynsrc", "manifest", "icon",
            "profile", "usemap", "archive", "classid", "itemtype", "imagesrcset");
    private static final Set<String> ALWAYS_DROPPED = Set.of("srcdoc", "http-equiv", "formtarget");
    private static final Set<String> INERT_TAGS = Set.of("object", "embed", "applet");
    private static final Set<String> WATCHED_TAGS = Set.of("script", "base", "meta", "object", "embed", "applet", "iframe", "frame");
    private static final Pattern INVISIBLES = Pattern.compile("[\\x00-\\x20\\x7f-\\x9f]+");
    private static final Pattern CSS_SCRIPT_URL = Pattern.compile("(?i)url\\(\\s*(['\"]?)\\s*(javascript|vbscript):[^)]*\\)");
    private static final Pattern CSS_EXPRESSION = Pattern.compile("(?i)expression\\s*\\(");

    private final Map<Integer, String> watched = new java.util.HashMap<>();

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
        if (type < 0 || type > MAX_EVENT_TYPE || !(event.get("timestamp") instanceof JsonNumber)) {
            throw new StreamViolation(StreamViolation.UNSUPPORTED, "unknown event type");
        }
        JsonObject data = event.get("data") instanceof JsonObject d ? d : JsonValue.EMPTY_JSON_OBJECT;
        if (type == FULL_SNAPSHOT) {
            watched.clear();
            if (data.get("node") instanceof JsonObject node) {
                JsonObject cleaned = cleanNode(node);
                if (cleaned != node) {
                    return Jsons.BUILDERS.createObjectBuilder(event).add("data", Jsons.BUILDERS.createObjectBuilder(data).add("node", cleaned)).build();
                }
            }
            return event;
        }
        if (type == INCREMENTAL) {
            int source = intOf(data, "source");
            if (source < 0 || source > MAX_SOURCE) {
                throw new StreamViolation(StreamViolation.UNSUPPORTED, "unknown incremental source");
            }
            if (source == MUTATION) {
                JsonObject cleaned = cleanMutation(data);
                return cleaned == data ? event : Jsons.BUILDERS.createObjectBuilder(event).add("data", cleaned).build();
            }
        }
        return event;
    }

    /** The mutation's data, the same instance if nothing in it needed cleaning. */
    private JsonObject cleanMutation(JsonObject data) {
        JsonObjectBuilder cleaned = null;
        if (data.get("adds") instanceof JsonArray adds) {
            JsonArray out = cleanAdds(adds);
            if (out != adds) {
                cleaned = Jsons.BUILDERS.createObjectBuilder(data).add("adds", out);
            }
        }
        if (data.get("attributes") instanceof JsonArray attributes) {
            JsonArray out = cleanAttributeChanges(attributes);
            if (out != attributes) {
                cleaned = (cleaned == null ? Jsons.BUILDERS.createObjectBuilder(data) : cleaned).add("attributes", out);
            }
        }
        if (data.get("texts") instanceof JsonArray texts) {
            JsonArray out = cleanTexts(texts);
            if (out != texts) {
                cleaned = (cleaned == null ? Jsons.BUILDERS.createObjectBuilder(data) : cleaned).add("texts", out);
            }
        }
        return cleaned == null ? data : cleaned.build();
    }

    private JsonArray cleanAdds(JsonArray adds) {
        JsonValue[] out = new JsonValue[adds.size()];
        boolean changed = false;
        for (int i = 0; i < out.length; i++) {
            JsonValue add = adds.get(i);
            if (add instanceof JsonObject a && a.get("node") instanceof JsonObject node) {
                JsonObject cleaned = cleanNode(node);
                out[i] = cleaned == node ? a : Jsons.BUILDERS.createObjectBuilder(a).add("node", cleaned).build();
                changed |= cleaned != node;
            } else {
                changed = true; // an add without a node object is dropped
            }
        }
        return changed ? arrayOf(out) : adds;
    }

    private JsonArray cleanAttributeChanges(JsonArray attributes) {
        JsonValue[] out = new JsonValue[attributes.size()];
        boolean changed = false;
        for (int i = 0; i < out.length; i++) {
            if (attributes.get(i) instanceof JsonObject c && c.get("attributes") instanceof JsonObject attrs) {
                String tag = watched.get(intOf(c, "id"));
                if (tag != null && !"iframe".equals(tag) && !"frame".equals(tag)) {
                    changed = true; // attributes of script, base, meta, object, embed never change in a replay
                    continue;
                }
                JsonObject cleaned = cleanAttributes(attrs, tag == null ? "" : tag);
                out[i] = cleaned == attrs ? c : Jsons.BUILDERS.createObjectBuilder(c).add("attributes", cleaned).build();
                changed |= cleaned != attrs;
            } else {
                changed = true;
            }
        }
        return changed ? arrayOf(out) : attributes;
    }

    private JsonArray cleanTexts(JsonArray texts) {
        for (JsonValue text : texts) {
            if (!(text instanceof JsonObject t) || "script".equals(watched.get(intOf(t, "id")))) {
                JsonArrayBuilder out = Jsons.BUILDERS.createArrayBuilder();
                for (JsonValue kept : texts) {
                    if (kept instanceof JsonObject k && !"script".equals(watched.get(intOf(k, "id")))) {
                        out.add(k);
                    }
                }
                return out.build();
            }
        }
        return texts;
    }

    /** The node cleaned, the same instance if nothing in it or below it needed cleaning. */
    private JsonObject cleanNode(JsonObject node) {
        String tag = node.get("tagName") instanceof JsonString s ? s.getString().toLowerCase(Locale.ROOT) : "";
        JsonObjectBuilder cleaned = null;
        if (intOf(node, "type") == ELEMENT_NODE) {
            if (WATCHED_TAGS.contains(tag)) {
                watched.put(intOf(node, "id"), tag);
            }
            if (tag.equals("script")) {
                return Jsons.BUILDERS.createObjectBuilder(node).add("attributes", JsonValue.EMPTY_JSON_OBJECT)
                        .add("childNodes", JsonValue.EMPTY_JSON_ARRAY).build();
            }
            if (INERT_TAGS.contains(tag)) {
                return Jsons.BUILDERS.createObjectBuilder(node).add("tagName", "div").add("attributes", JsonValue.EMPTY_JSON_OBJECT)
                        .add("childNodes", JsonValue.EMPTY_JSON_ARRAY).build();
            }
            if (tag.equals("base")) {
                cleaned = Jsons.BUILDERS.createObjectBuilder(node).add("attributes", JsonValue.EMPTY_JSON_OBJECT);
            } else if (node.get("attributes") instanceof JsonObject attrs) {
                JsonObject cleanAttrs = cleanAttributes(attrs, tag);
                if (cleanAttrs != attrs) {
                    cleaned = Jsons.BUILDERS.createObjectBuilder(node).add("attributes", cleanAttrs);
                }
            }
        }
        if (node.get("childNodes") instanceof JsonArray children) {
            JsonValue[] out = new JsonValue[children.size()];
            boolean changed = false;
            for (int i = 0; i < out.length; i++) {
                if (children.get(i) instanceof JsonObject c) {
                    out[i] = cleanNode(c);
                    changed |= out[i] != c;
                } else {
                    changed = true; // only element, text and other node objects are children
                }
            }
            if (changed) {
                cleaned = (cleaned == null ? Jsons.BUILDERS.createObjectBuilder(node) : cleaned).add("childNodes", arrayOf(out));
            }
        }
        return cleaned == null ? node : cleaned.build();
    }

    /** The attributes cleaned, the same instance if none was dropped or changed. */
    private static JsonObject cleanAttributes(JsonObject attributes, String tag) {
        JsonObjectBuilder out = null;
        int seen = 0;
        for (Map.Entry<String, JsonValue> attribute : attributes.entrySet()) {
            String kept = cleanAttribute(attribute.getKey(), attribute.getValue(), tag);
            boolean unchanged = kept != null && (!(attribute.getValue() instanceof JsonString text) || kept.equals(text.getString()));
            if (out == null && !unchanged) {
                out = Jsons.BUILDERS.createObjectBuilder(); // the first change: copy what came before it
                int copied = 0;
                for (Map.Entry<String, JsonValue> before : attributes.entrySet()) {
                    if (copied++ == seen) {
                        break;
                    }
                    out.add(before.getKey(), before.getValue());
                }
            }
            if (out != null && kept != null) {
                if (attribute.getValue() instanceof JsonString) {
                    out.add(attribute.getKey(), kept);
                } else {
                    out.add(attribute.getKey(), attribute.getValue());
                }
            }
            seen++;
        }
        return out == null ? attributes : out.build();
    }

    /**
     * One attribute's value as it may pass: null when the attribute is dropped; for a string the
     * (possibly cleaned) text; for anything else (null
     * for a removed attribute, a style object) a marker that it stays.
     */
    private static String cleanAttribute(String key, JsonValue value, String tag) {
        String name = key.toLowerCase(Locale.ROOT).trim();
        if (name.startsWith("on") || ALWAYS_DROPPED.contains(name) || (tag.equals("meta") && name.equals("content"))) {
            return null;
        }
        if (!(value instanceof JsonString text)) {
            return KEEP; // null (removed) or a style object: not a URL
        }
        String v = text.getString();
        if (URL_ATTRIBUTES.contains(name) && !isSafeUrl(name, v)) {
            return null;
        }
        if (name.equals("style") || name.equals("_csstext")) {
            String css = cleanCss(v);
            return css;
        }
        return v;
    }

    private static final String KEEP = new String("keep");

    private static JsonArray arrayOf(JsonValue[] values) {
        JsonArrayBuilder out = Jsons.BUILDERS.createArrayBuilder();
        for (JsonValue v : values) {
            if (v != null) {
                out.add(v);
            }
        }
        return out.build();
    }

    /** False for script URLs and for data: URLs other than images; srcset is checked candidate by candidate. */
    static boolean isSafeUrl(String attribute, String value) {
        if (attribute.equals("srcset") || attribute.equals("imagesrcset")) {
            for (String candidate : value.split(",")) {
                String url = candidate.trim().split("\\s+")[0];
                if (!url.isEmpty() && !isSafeUrl("src", url)) {
                    return false;
                }
            }
            return true;
        }
        String normalized = INVISIBLES.matcher(value).replaceAll("").toLowerCase(Locale.ROOT);
        normalized = normalized.replace("&colon;", ":").replace("&#58;", ":").replace("&#x3a;", ":");
        if (normalized.startsWith("javascript:") || normalized.startsWith("vbscript:") || normalized.startsWith("livescript:")) {
            return false;
        }
        return !normalized.startsWith("data:") || normalized.startsWith("data:image/") && !normalized.startsWith("data:image/svg");
    }

    static String cleanCss(String css) {
        String cleaned = CSS_SCRIPT_URL.matcher(css).replaceAll("url()");
        return CSS_EXPRESSION.matcher(cleaned).replaceAll("invalid(");
    }

    private static int intOf(JsonObject object, String name) {
        return object.get(name) instanceof JsonNumber n && n.isIntegral() ? n.intValue() : -1;
    }
}
