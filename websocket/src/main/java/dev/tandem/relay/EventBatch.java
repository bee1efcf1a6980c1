package dev.tandem.relay;

import dev.tandem.json.Jsons;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A visitor's {@code events} message, read with JSON-P's streaming parser so that each event keeps
 * the exact text the visitor sent for it: an event the {@link DomFirewall} leaves unchanged is
 * relayed as that text instead of being written out again (the Java value and the text are the
 * same JSON, duplicate keys included: both JSON-P and the browser's {@code JSON.parse} keep the
 * last). Other members of the message are skipped unread.
 */
final class EventBatch {

    /** {@code type}, or null when it is missing or not a string. */
    final String type;
    /** {@code seq}, or null when it is missing or not a number. */
    final JsonValue seq;
    /** {@code events}, or null when it is missing or not an array. */
    final List<JsonValue> events;
    /** The visitor's own text of each event in {@link #events}, or null where it could not be cut out. */
    final List<String> texts;

    private EventBatch(String type, JsonValue seq, List<JsonValue> events, List<String> texts) {
        this.type = type;
        this.seq = seq;
        this.events = events;
        this.texts = texts;
    }

    /** Throws {@link StreamViolation} (1003) for text that is not one JSON object. */
    static EventBatch read(String text) {
        try (JsonParser parser = Jsons.PARSERS.createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new StreamViolation(StreamViolation.UNSUPPORTED, "not an object");
            }
            String type = null;
            JsonValue seq = null;
            List<JsonValue> events = null;
            List<String> texts = null;
            JsonParser.Event token;
            while ((token = parser.next()) == JsonParser.Event.KEY_NAME) {
                String key = parser.getString();
                JsonParser.Event value = parser.next();
                if (key.equals("type")) {
                    type = value == JsonParser.Event.VALUE_STRING ? parser.getString() : null;
                    skip(parser, value);
                } else if (key.equals("seq")) {
                    seq = value == JsonParser.Event.VALUE_NUMBER ? parser.getValue() : null;
                    skip(parser, value);
                } else if (key.equals("events") && value == JsonParser.Event.START_ARRAY) {
                    events = new ArrayList<>();
                    texts = new ArrayList<>();
                    readEvents(parser, text, events, texts);
                } else {
                    if (key.equals("events")) {
                        events = null;
                        texts = null;
                    }
                    skip(parser, value);
                }
            }
            if (token != JsonParser.Event.END_OBJECT || parser.hasNext()) {
                throw new StreamViolation(StreamViolation.UNSUPPORTED, "malformed JSON");
            }
            return new EventBatch(type, seq, events, texts);
        } catch (JsonException | IllegalStateException | NoSuchElementException malformed) {
            throw new StreamViolation(StreamViolation.UNSUPPORTED, "malformed JSON");
        }
    }

    private static void readEvents(JsonParser parser, String text, List<JsonValue> events, List<String> texts) {
        JsonParser.Event token;
        while ((token = parser.next()) != JsonParser.Event.END_ARRAY) {
            if (token == JsonParser.Event.START_OBJECT) {
                long start = parser.getLocation().getStreamOffset() - 1;
                JsonObject event = parser.getObject();
                long end = parser.getLocation().getStreamOffset();
                events.add(event);
                texts.add(slice(text, start, end));
            } else {
                events.add(parser.getValue()); // not an object: the firewall refuses it
                texts.add(null);
            }
        }
    }

    /** The object's own text, or null if the parser's offsets do not frame one (then it is written out again). */
    private static String slice(String text, long start, long end) {
        if (start < 0 || end > text.length() || end - start < 2 || text.charAt((int) start) != '{' || text.charAt((int) end - 1) != '}') {
            return null;
        }
        return text.substring((int) start, (int) end);
    }

    private static void skip(JsonParser parser, JsonParser.Event value) {
        if (value == JsonParser.Event.START_OBJECT) {
            parser.skipObject();
        } else if (value == JsonParser.Event.START_ARRAY) {
            parser.skipArray();
        }
    }
}
