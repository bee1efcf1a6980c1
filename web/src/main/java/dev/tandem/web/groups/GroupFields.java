package dev.tandem.web.groups;

import dev.tandem.group.GroupChange;
import dev.tandem.group.WebOrigin;
import dev.tandem.pii.PiiPattern;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The group settings the API may change, one row each: JSON name, column, and the check of its
 * value. A change names only the settings it changes (JSON merge-patch style); an unknown name, a
 * wrong type or a value out of range refuses the whole change with the field's name, before the
 * database is asked. A new group column becomes changeable by adding one row here.
 */
public final class GroupFields {

    /** A refused change: which field and why, for a 400 answer. */
    public static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String field;

        Invalid(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private record Field(String column, boolean json, Function<JsonValue, Object> check) {
    }

    static final int MAX_SELECTORS = 100;
    static final int MAX_SELECTOR_LENGTH = 300;
    static final int MAX_ORIGINS = 100;
    /** What {@code cobrowse_group_origin} stores (no IPv6 literals, no user info). */
    private static final java.util.regex.Pattern STORABLE_ORIGIN = java.util.regex.Pattern.compile("^https?://[a-z0-9.-]+(:[0-9]{1,5})?$");

    private static final Map<String, Field> FIELDS = fields();

    private GroupFields() {
    }

    private static Map<String, Field> fields() {
        Map<String, Field> f = new LinkedHashMap<>();
        f.put("displayName", new Field("display_name", false, v -> text(v, "displayName", 1, 200)));
        f.put("enabled", new Field("enabled", false, v -> bool(v, "enabled")));
        f.put("keyLength", new Field("key_length", false, v -> (short) integer(v, "keyLength", 4, 6)));
        f.put("maskedSelectors", new Field("masked_selectors", true, v -> selectors(v, "maskedSelectors")));
        f.put("blockedSelectors", new Field("blocked_selectors", true, v -> selectors(v, "blockedSelectors")));
        f.put("maskAllInputs", new Field("mask_all_inputs", false, v -> bool(v, "maskAllInputs")));
        f.put("idleTimeoutSeconds", new Field("idle_timeout_seconds", false, v -> integer(v, "idleTimeoutSeconds", 30, 86_400)));
        f.put("maxDurationSeconds", new Field("max_duration_seconds", false, v -> integer(v, "maxDurationSeconds", 60, 86_400)));
        f.put("maxAgents", new Field("max_agents", false, v -> (short) integer(v, "maxAgents", 1, 20)));
        f.put("piiPolicy", new Field("pii_policy", false, v -> oneOf(v, "piiPolicy", Set.of("OFF", "MASK", "MASK_AND_END"))));
        f.put("piiPatterns", new Field("pii_patterns", true, GroupFields::piiPatterns));
        f.put("agentModes", new Field("agent_modes", false,
                v -> oneOf(v, "agentModes", Set.of("view", "view,pointer", "view,write", "view,pointer,write"))));
        f.put("writeNeedsApproval", new Field("write_needs_approval", false, v -> bool(v, "writeNeedsApproval")));
        f.put("agentSubmitAllowed", new Field("agent_submit_allowed", false, v -> bool(v, "agentSubmitAllowed")));
        f.put("controlRestrictedSelectors", new Field("control_restricted_selectors", true,
                v -> selectors(v, "controlRestrictedSelectors")));
        f.put("allowedExternalDomains", new Field("allowed_external_domains", true, GroupFields::externalDomains));
        f.put("disableCaching", new Field("disable_caching", false, v -> bool(v, "disableCaching")));
        return Map.copyOf(f);
    }

    /** The names a change may use, besides {@code origins}. */
    public static Set<String> names() {
        return FIELDS.keySet();
    }

    /** The largest change body read (100 selectors of 300 characters each fit twice). */
    static final int MAX_BODY_BYTES = 64 * 1024;

    /** Reads a change body: one JSON object, at most {@value #MAX_BODY_BYTES} bytes, else {@link Invalid}. */
    public static JsonObject read(java.io.InputStream in) {
        byte[] bytes;
        try {
            bytes = in == null ? new byte[0] : in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new Invalid("", "The change is too large.");
        }
        try (var reader = dev.tandem.json.Jsons.READERS.createReader(new java.io.ByteArrayInputStream(bytes))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new Invalid("", "The change must be one JSON object.");
            }
            return value.asJsonObject();
        } catch (jakarta.json.JsonException | IllegalStateException e) {
            throw new Invalid("", "The change must be one JSON object.");
        }
    }

    /** Checks every entry of the request body and turns it into a change. */
    public static GroupChange parse(JsonObject body) {
        Map<String, Object> columns = new LinkedHashMap<>();
        Map<String, String> json = new LinkedHashMap<>();
        List<WebOrigin> origins = null;
        if (body.isEmpty()) {
            throw new Invalid("", "The change names no setting.");
        }
        for (Map.Entry<String, JsonValue> entry : body.entrySet()) {
            String name = entry.getKey();
            if (name.equals("origins")) {
                origins = origins(entry.getValue());
                continue;
            }
            Field field = FIELDS.get(name);
            if (field == null) {
                throw new Invalid(name.length() > 64 ? name.substring(0, 64) : name, "Unknown setting.");
            }
            Object value = field.check().apply(entry.getValue());
            if (field.json()) {
                json.put(field.column(), (String) value);
            } else {
                columns.put(field.column(), value);
            }
        }
        return new GroupChange(columns, json, origins);
    }

    private static String text(JsonValue v, String name, int min, int max) {
        if (!(v instanceof JsonString s) || s.getString().strip().length() < min || s.getString().length() > max
                || s.getString().chars().anyMatch(Character::isISOControl)) {
            throw new Invalid(name, "A text of " + min + " to " + max + " characters without control characters.");
        }
        return s.getString().strip();
    }

    private static Boolean bool(JsonValue v, String name) {
        if (v == JsonValue.TRUE) {
            return true;
        }
        if (v == JsonValue.FALSE) {
            return false;
        }
        throw new Invalid(name, "true or false.");
    }

    private static int integer(JsonValue v, String name, int min, int max) {
        if (!(v instanceof JsonNumber n) || !n.isIntegral() || n.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(min)) < 0
                || n.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(max)) > 0) {
            throw new Invalid(name, "A whole number from " + min + " to " + max + ".");
        }
        return n.intValue();
    }

    private static String oneOf(JsonValue v, String name, Set<String> allowed) {
        if (!(v instanceof JsonString s) || !allowed.contains(s.getString())) {
            throw new Invalid(name, "One of " + String.join(", ", new java.util.TreeSet<>(allowed)) + ".");
        }
        return s.getString();
    }

    private static List<String> strings(JsonValue v, String name, int max) {
        if (!(v instanceof JsonArray array) || array.size() > max) {
            throw new Invalid(name, "A list of at most " + max + " texts.");
        }
        List<String> out = new ArrayList<>();
        for (JsonValue item : array) {
            if (!(item instanceof JsonString s)) {
                throw new Invalid(name, "A list of texts.");
            }
            out.add(s.getString());
        }
        return out;
    }

    /**
     * CSS selectors as the visitor's browser will use them: printable, bounded, and free of the
     * characters that would end a rule or open a block, so that a value cannot smuggle CSS.
     */
    private static String selectors(JsonValue v, String name) {
        Set<String> unique = new LinkedHashSet<>();
        for (String s : strings(v, name, MAX_SELECTORS)) {
            String t = s.strip();
            if (t.isEmpty() || t.length() > MAX_SELECTOR_LENGTH || t.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '{' || c == '}' || c == ';' || c == '<')) {
                throw new Invalid(name, "Each selector: 1 to " + MAX_SELECTOR_LENGTH + " characters, none of { } ; < or control characters.");
            }
            unique.add(t);
        }
        return jsonArray(unique);
    }

    static final int MAX_EXTERNAL_DOMAINS = 50;
    /** An exact host or a {@code *.suffix} rule, as the asset proxy reads them (no scheme, port or path). */
    private static final java.util.regex.Pattern EXTERNAL_DOMAIN = java.util.regex.Pattern
            .compile("^(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$");

    /** The asset proxy's extra hosts: each an exact lower-case host or a {@code *.suffix} rule, at most 253 characters. */
    private static String externalDomains(JsonValue v) {
        Set<String> unique = new LinkedHashSet<>();
        for (String s : strings(v, "allowedExternalDomains", MAX_EXTERNAL_DOMAINS)) {
            if (s.length() > 253 || !EXTERNAL_DOMAIN.matcher(s).matches()) {
                throw new Invalid("allowedExternalDomains", "Each entry: a lower-case host name (cdn.example.com) or a suffix rule (*.example.com); no scheme, port or path.");
            }
            unique.add(s);
        }
        return jsonArray(unique);
    }

    private static String piiPatterns(JsonValue v) {
        List<String> templates = strings(v, "piiPatterns", PiiPattern.MAX_PATTERNS);
        for (String t : templates) {
            if (PiiPattern.parse(t).isEmpty()) {
                throw new Invalid("piiPatterns", "Each template: up to " + PiiPattern.MAX_LENGTH
                        + " printable characters with at least " + PiiPattern.MIN_CLASS_TOKENS + " of 9, A or X.");
            }
        }
        return jsonArray(templates);
    }

    /** Origins exactly in their canonical form: what a browser sends in {@code Origin}. */
    private static List<WebOrigin> origins(JsonValue v) {
        Set<WebOrigin> out = new LinkedHashSet<>();
        for (String s : strings(v, "origins", MAX_ORIGINS)) {
            WebOrigin origin = WebOrigin.parse(s).filter(o -> o.value().equals(s) && STORABLE_ORIGIN.matcher(s).matches())
                    .orElseThrow(() -> new Invalid("origins", "Each origin exactly as scheme://host[:port], lower case, no path, no default port."));
            out.add(origin);
        }
        return List.copyOf(out);
    }

    private static String jsonArray(java.util.Collection<String> values) {
        var array = dev.tandem.json.Jsons.BUILDERS.createArrayBuilder();
        values.forEach(array::add);
        return array.build().toString();
    }
}
