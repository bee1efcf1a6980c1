package dev.tandem.relay;

import dev.tandem.join.JoinTicket;
import dev.tandem.json.Jsons;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Set;

/**
 * One message an agent's viewer sends (docs/protocol.md, viewer → server), checked against its
 * schema and rebuilt from the checked fields only: what is relayed to the visitor's page is never
 * the agent's text. {@link #mode} is the mode the sender must have been granted. The text typed or
 * the option chosen is page content: it is relayed, never kept, logged or put in an exception.
 */
record AgentMessage(String type, String mode, JsonObject relayed) {

    /** Largest text (or select value) one control message carries, in characters. */
    static final int MAX_TEXT_CHARS = 1000;
    /** Largest viewer message the endpoint reads, in bytes; the container closes larger ones with 1009. */
    static final int MAX_BYTES = 4096;
    private static final Set<String> KEYS = Set.of("Enter", "Tab", "Backspace", "Escape");
    private static final double MAX_SCROLL = 10_000_000;

    /** Throws {@link StreamViolation} 1003 for anything that is not one of the messages, exactly. */
    static AgentMessage read(String text) {
        JsonObject m = parse(text);
        String type = string(m, "type");
        if (type == null) {
            throw unsupported("type expected");
        }
        return switch (type) {
            case "pointer" -> {
                only(m, "type", "node", "x", "y", "click");
                JsonObjectBuilder b = at(m).add("type", "pointer");
                JsonValue click = m.get("click");
                if (click != null && click != JsonValue.TRUE && click != JsonValue.FALSE) {
                    throw unsupported("click must be a boolean");
                }
                yield new AgentMessage(type, JoinTicket.POINTER, b.add("click", click == JsonValue.TRUE).build());
            }
            case "write-request", "write-release" -> {
                only(m, "type");
                yield new AgentMessage(type, JoinTicket.WRITE, Jsons.BUILDERS.createObjectBuilder().add("type", type).build());
            }
            case "control" -> new AgentMessage(type, JoinTicket.WRITE, control(m));
            default -> throw unsupported("unknown message type");
        };
    }

    private static JsonObject control(JsonObject m) {
        String action = string(m, "action");
        JsonObjectBuilder b = Jsons.BUILDERS.createObjectBuilder().add("type", "control");
        if (action == null) {
            throw unsupported("action expected");
        }
        switch (action) {
            case "click" -> {
                only(m, "type", "action", "node", "x", "y");
                b = at(m).add("type", "control");
            }
            case "type" -> {
                only(m, "type", "action", "node", "text");
                b.add("node", node(m)).add("text", text(m, "text"));
            }
            case "key" -> {
                only(m, "type", "action", "node", "key");
                String key = string(m, "key");
                if (!KEYS.contains(key)) {
                    throw unsupported("unknown key");
                }
                b.add("node", node(m)).add("key", key);
            }
            case "select" -> {
                only(m, "type", "action", "node", "value");
                b.add("node", node(m)).add("value", text(m, "value"));
            }
            case "check" -> {
                only(m, "type", "action", "node", "checked");
                JsonValue checked = m.get("checked");
                if (checked != JsonValue.TRUE && checked != JsonValue.FALSE) {
                    throw unsupported("checked must be a boolean");
                }
                b.add("node", node(m)).add("checked", checked == JsonValue.TRUE);
            }
            case "scroll" -> {
                only(m, "type", "action", "node", "x", "y");
                b.add("node", node(m)).add("x", bounded(m, "x", MAX_SCROLL)).add("y", bounded(m, "y", MAX_SCROLL));
            }
            default -> throw unsupported("unknown action");
        }
        return b.add("action", action).build();
    }

    /** {@code node} and the relative offset {@code x}, {@code y} (0 to 1) inside that element. */
    private static JsonObjectBuilder at(JsonObject m) {
        return Jsons.BUILDERS.createObjectBuilder().add("node", node(m)).add("x", bounded(m, "x", 1)).add("y", bounded(m, "y", 1));
    }

    private static int node(JsonObject m) {
        if (!(m.get("node") instanceof JsonNumber n) || !n.isIntegral()) {
            throw unsupported("node must be an integer");
        }
        try {
            int id = n.intValueExact();
            if (id < 1) {
                throw unsupported("node out of range");
            }
            return id;
        } catch (ArithmeticException tooLarge) {
            throw unsupported("node out of range");
        }
    }

    private static double bounded(JsonObject m, String name, double max) {
        if (!(m.get(name) instanceof JsonNumber n)) {
            throw unsupported(name + " must be a number");
        }
        double value = n.doubleValue();
        if (!(value >= 0 && value <= max)) {
            throw unsupported(name + " out of range");
        }
        return value;
    }

    private static String text(JsonObject m, String name) {
        String value = string(m, name);
        if (value == null || value.length() > MAX_TEXT_CHARS) {
            throw unsupported(name + " must be a string of at most " + MAX_TEXT_CHARS + " characters");
        }
        return value;
    }

    private static void only(JsonObject m, String... allowed) {
        Set<String> names = Set.of(allowed);
        for (String key : m.keySet()) {
            if (!names.contains(key)) {
                throw unsupported("unexpected member");
            }
        }
    }

    private static String string(JsonObject m, String name) {
        return m.get(name) instanceof JsonString s ? s.getString() : null;
    }

    private static StreamViolation unsupported(String reason) {
        return new StreamViolation(StreamViolation.UNSUPPORTED, reason);
    }

    private static JsonObject parse(String text) {
        if (text == null || text.length() > MAX_BYTES) {
            throw new StreamViolation(StreamViolation.TOO_BIG, "message too big");
        }
        try (var reader = Jsons.READERS.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw unsupported("not an object");
            }
            return value.asJsonObject();
        } catch (JsonException | IllegalStateException malformed) {
            throw unsupported("malformed JSON");
        } catch (StreamViolation refused) {
            throw refused;
        } catch (RuntimeException tooDeep) {
            throw NestingLimit.refusal(tooDeep);
        }
    }
}
