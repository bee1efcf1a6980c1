package dev.tandem.relay;

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

    /** The cleaned event; throws {@link StreamViolation} (1003) for a type the relay does not accept. */
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
            JsonObjectBuilder cleaned = Jsons.BUILDERS.createObjectBuilder(data);
            if (data.get("node") instanceof JsonObject node) {
                cleaned.add("node", cleanNode(node));
            }
            return Jsons.BUILDERS.createObjectBuilder(event).add("data", cleaned).build();
        }
        if (type == INCREMENTAL) {
            int source = intOf(data, "source");
            if (source < 0 || source > MAX_SOURCE) {
                throw new StreamViolation(StreamViolation.UNSUPPORTED, "unknown incremental source");
            }
            if (source == MUTATION) {
                return Jsons.BUILDERS.createObjectBuilder(event).add("data", cleanMutation(data)).build();
            }
        }
        return event;
    }

    private JsonObject cleanMutation(JsonObject data) {
        JsonObjectBuilder cleaned = Jsons.BUILDERS.createObjectBuilder(data);
        if (data.get("adds") instanceof JsonArray adds) {
            JsonArrayBuilder out = Jsons.BUILDERS.createArrayBuilder();
            for (JsonValue add : adds) {
                if (add instanceof JsonObject a && a.get("node") instanceof JsonObject node) {
                    out.add(Jsons.BUILDERS.createObjectBuilder(a).add("node", cleanNode(node)));
                }
            }
            cleaned.add("adds", out);
        }
        if (data.get("attributes") instanceof JsonArray attributes) {
            JsonArrayBuilder out = Jsons.BUILDERS.createArrayBuilder();
            for (JsonValue change : attributes) {
                if (change instanceof JsonObject c && c.get("attributes") instanceof JsonObject attrs) {
                    String tag = watched.get(intOf(c, "id"));
                    if (tag != null && !"iframe".equals(tag) && !"frame".equals(tag)) {
                        continue; // attributes of script, base, meta, object, embed never change in a replay
                    }
                    out.add(Jsons.BUILDERS.createObjectBuilder(c).add("attributes", cleanAttributes(attrs, tag == null ? "" : tag)));
                }
            }
            cleaned.add("attributes", out);
        }
        if (data.get("texts") instanceof JsonArray texts) {
            JsonArrayBuilder out = Jsons.BUILDERS.createArrayBuilder();
            for (JsonValue text : texts) {
                if (text instanceof JsonObject t && !"script".equals(watched.get(intOf(t, "id")))) {
                    out.add(t);
                }
            }
            cleaned.add("texts", out);
        }
        return cleaned.build();
    }

    private JsonObject cleanNode(JsonObject node) {
        JsonObjectBuilder cleaned = Jsons.BUILDERS.createObjectBuilder(node);
        String tag = node.get("tagName") instanceof JsonString s ? s.getString().toLowerCase(Locale.ROOT) : "";
        if (intOf(node, "type") == ELEMENT_NODE) {
            if (WATCHED_TAGS.contains(tag)) {
                watched.put(intOf(node, "id"), tag);
            }
            if (tag.equals("script")) {
                return cleaned.add("attributes", JsonValue.EMPTY_JSON_OBJECT).add("childNodes", JsonValue.EMPTY_JSON_ARRAY).build();
            }
            if (INERT_TAGS.contains(tag)) {
                return cleaned.add("tagName", "div").add("attributes", JsonValue.EMPTY_JSON_OBJECT)
                        .add("childNodes", JsonValue.EMPTY_JSON_ARRAY).build();
            }
            if (tag.equals("base")) {
                cleaned.add("attributes", JsonValue.EMPTY_JSON_OBJECT);
            } else if (node.get("attributes") instanceof JsonObject attrs) {
                cleaned.add("attributes", cleanAttributes(attrs, tag));
            }
        }
        if (node.get("childNodes") instanceof JsonArray children) {
            JsonArrayBuilder out = Jsons.BUILDERS.createArrayBuilder();
            for (JsonValue child : children) {
                if (child instanceof JsonObject c) {
                    out.add(cleanNode(c));
                }
            }
            cleaned.add("childNodes", out);
        }
        return cleaned.build();
    }

    private static JsonObject cleanAttributes(JsonObject attributes, String tag) {
        JsonObjectBuilder out = Jsons.BUILDERS.createObjectBuilder();
        for (Map.Entry<String, JsonValue> attribute : attributes.entrySet()) {
            String name = attribute.getKey().toLowerCase(Locale.ROOT).trim();
            JsonValue value = attribute.getValue();
            if (name.startsWith("on") || ALWAYS_DROPPED.contains(name) || (tag.equals("meta") && name.equals("content"))) {
                continue;
            }
            if (value instanceof JsonString text) {
                String v = text.getString();
                if (URL_ATTRIBUTES.contains(name) && !isSafeUrl(name, v)) {
                    continue;
                }
                if (name.equals("style") || name.equals("_csstext")) {
                    v = cleanCss(v);
                }
                out.add(attribute.getKey(), v);
            } else {
                out.add(attribute.getKey(), value); // null (removed) or a style object: not a URL
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
