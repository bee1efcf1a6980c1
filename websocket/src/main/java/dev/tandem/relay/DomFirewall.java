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
import java.util.function.UnaryOperator;
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
    static final int MAX_EVENT_TYPE = 4;
    static final int FULL_SNAPSHOT = 2;
    static final int INCREMENTAL = 3;
    /** rrweb incremental sources accepted: Mutation (0) up to CustomElement (16). */
    static final int MAX_SOURCE = 16;
    private static final int MUTATION = 0;
    private static final int ELEMENT_NODE = 2;

    private static final Set<String> URL_ATTRIBUTES = Set.of("href", "src", "action", "formaction", "xlink:href", "srcset",
            "poster", "background", "data", "codebase", "cite", "longdesc", "ping", "lowsrc", "dynsrc", "manifest", "icon",
            "profile", "usemap", "archive", "classid", "itemtype", "imagesrcset");
    private static final Set<String> ALWAYS_DROPPED = Set.of("srcdoc", "http-equiv", "formtarget");
    private static final Set<String> INERT_TAGS = Set.of("object", "embed", "applet");
    static final Set<String> WATCHED_TAGS = Set.of("script", "base", "meta", "object", "embed", "applet", "iframe", "frame");
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
            return data.get("node") instanceof JsonObject node ? with(event, "data", with(data, "node", cleanNode(node))) : event;
        }
        if (type == INCREMENTAL) {
            int source = intOf(data, "source");
            if (source < 0 || source > MAX_SOURCE) {
                throw new StreamViolation(StreamViolation.UNSUPPORTED, "unknown incremental source");
            }
            if (source == MUTATION) {
                return with(event, "data", cleanMutation(data)); // a mutation's source makes data an object
            }
        }
        return event;
    }

    /** The mutation's data, the same instance if nothing in it needed cleaning. */
    private JsonObject cleanMutation(JsonObject data) {
        JsonObject cleaned = data;
        if (data.get("adds") instanceof JsonArray adds) {
            cleaned = with(cleaned, "adds", cleanEach(adds, add -> add instanceof JsonObject a && a.get("node") instanceof JsonObject node
                    ? with(a, "node", cleanNode(node))
                    : null)); // an add without a node object is dropped
        }
        if (data.get("attributes") instanceof JsonArray attributes) {
            cleaned = with(cleaned, "attributes", cleanEach(attributes, this::cleanAttributeChange));
        }
        if (data.get("texts") instanceof JsonArray texts) {
            cleaned = with(cleaned, "texts", cleanEach(texts,
                    text -> text instanceof JsonObject t && !"script".equals(watched.get(intOf(t, "id"))) ? text : null));
        }
        return cleaned;
    }

    /** One attribute mutation cleaned, or null to drop it. */
    private JsonValue cleanAttributeChange(JsonValue change) {
        if (!(change instanceof JsonObject c) || !(c.get("attributes") instanceof JsonObject attrs)) {
            return null;
        }
        String tag = watched.get(intOf(c, "id"));
        if (tag != null && !"iframe".equals(tag) && !"frame".equals(tag)) {
            return null; // attributes of script, base, meta, object, embed never change in a replay
        }
        return with(c, "attributes", cleanAttributes(attrs, tag == null ? "" : tag));
    }

    /** The node cleaned, the same instance if nothing in it or below it needed cleaning. */
    private JsonObject cleanNode(JsonObject node) {
        String tag = node.get("tagName") instanceof JsonString s ? s.getString().toLowerCase(Locale.ROOT) : "";
        JsonObject cleaned = node;
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
                cleaned = Jsons.BUILDERS.createObjectBuilder(node).add("attributes", JsonValue.EMPTY_JSON_OBJECT).build();
            } else if (node.get("attributes") instanceof JsonObject attrs) {
                cleaned = with(node, "attributes", cleanAttributes(attrs, tag));
            }
        }
        if (node.get("childNodes") instanceof JsonArray children) {
            // only element, text and other node objects are children
            cleaned = with(cleaned, "childNodes", cleanEach(children, child -> child instanceof JsonObject c ? cleanNode(c) : null));
        }
        return cleaned;
    }

    /** The attributes cleaned, the same instance if none was dropped or changed. */
    private static JsonObject cleanAttributes(JsonObject attributes, String tag) {
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
    private static JsonValue cleanAttribute(String key, JsonValue value, String tag) {
        String name = ruleName(key);
        if (dropsName(name, tag)) {
            return null;
        }
        if (!(value instanceof JsonString text)) {
            return value; // null (removed) or a style object: not a URL
        }
        String v = text.getString();
        String cleaned = cleanText(name, v);
        return cleaned == null ? null : cleaned.equals(v) ? value : Jsons.PROVIDER.createValue(cleaned);
    }

    /** An attribute's name as the rules compare it. */
    static String ruleName(String attribute) {
        return attribute.toLowerCase(Locale.ROOT).trim();
    }

    /** True for an attribute (by {@link #ruleName}) that is dropped whatever its value: handlers, srcdoc, a meta's content. */
    static boolean dropsName(String name, String tag) {
        return name.startsWith("on") || ALWAYS_DROPPED.contains(name) || (tag.equals("meta") && name.equals("content"));
    }

    /** A text attribute's value as it may pass: null when it is dropped, else the value, cleaned if it is CSS. */
    static String cleanText(String name, String value) {
        if (URL_ATTRIBUTES.contains(name) && !isSafeUrl(name, value)) {
            return null;
        }
        return name.equals("style") || name.equals("_csstext") ? cleanCss(value) : value;
    }

    /** True if the element with this node id is one whose later mutations are refused or restricted. */
    boolean watches(int id) {
        return watched.containsKey(id);
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
