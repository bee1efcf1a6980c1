package dev.tandem.relay;

import dev.tandem.json.Jsons;
import dev.tandem.pii.PiiKind;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * A visitor's {@code events} message, read with JSON-P's streaming parser and each event put
 * through the visitor stream's {@link DomFirewall} as it is read, in order (a full snapshot changes
 * what the firewall watches for the events after it). An event the firewall leaves unchanged is
 * relayed as the exact text the visitor sent for it: most are recognised as such by the
 * {@link UnchangedEventScan} without being built as a tree; the others are built, cleaned and
 * written out again only if cleaning changed them. The visitor's text and the value the firewall
 * judges are the same JSON, duplicate keys included: JSON-P and the browser's {@code JSON.parse}
 * both keep the last, and the scan checks every occurrence. The visitor script's tripwire report
 * ({@code tripped}) is read for the audit; other members of the message are skipped unread.
 */
final class EventBatch {

    /** {@code type}, or null when it is missing or not a string. */
    final String type;
    /** {@code seq}, or null when it is missing or not a number. */
    final JsonValue seq;
    /** The cleaned text of each event, or null when {@code events} is missing or not an array. */
    final List<String> events;
    /** The rrweb type of each event in {@link #events}. */
    final List<Integer> types;
    /** What the firewall refused in {@code events} (the rest was not cleaned), or null. */
    final StreamViolation refusal;
    /**
     * What the visitor script's tripwire masked since its last message ({@code tripped}: kind to
     * count), known kinds with a positive integer count only; empty when absent.
     */
    final Map<String, Integer> tripped;

    private EventBatch(String type, JsonValue seq, Cleaned cleaned, Map<String, Integer> tripped) {
        this.type = type;
        this.tripped = tripped;
        this.seq = seq;
        this.events = cleaned == null ? null : cleaned.texts;
        this.types = cleaned == null ? null : cleaned.types;
        this.refusal = cleaned == null ? null : cleaned.refusal;
    }

    /** The events read so far, and the firewall's refusal if there was one. */
    private static final class Cleaned {
        final List<String> texts = new ArrayList<>();
        final List<Integer> types = new ArrayList<>();
        StreamViolation refusal;
    }

    /**
     * Throws {@link StreamViolation} (1003) for text that is not one JSON object, or that has more
     * than one {@code events} member (each would pass the firewall, but only the last be relayed);
     * (1009) for events nested deeper than {@link NestingLimit#MAX_DEPTH} levels in all (skipped members are not read).
     */
    static EventBatch read(String text, DomFirewall firewall) {
        try (JsonParser parser = Jsons.PARSERS.createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new StreamViolation(StreamViolation.UNSUPPORTED, "not an object");
            }
            String type = null;
            JsonValue seq = null;
            Cleaned cleaned = null;
            Map<String, Integer> tripped = Map.of();
            boolean eventsSeen = false;
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
                } else if (key.equals("tripped") && value == JsonParser.Event.START_OBJECT) {
                    tripped = tripped(parser.getObject()); // reads past the object
                } else if (key.equals("events")) {
                    if (eventsSeen) {
                        throw new StreamViolation(StreamViolation.UNSUPPORTED, "events twice");
                    }
                    eventsSeen = true;
                    if (value == JsonParser.Event.START_ARRAY) {
                        cleaned = readEvents(parser, text, firewall);
                    } else {
                        skip(parser, value);
                    }
                } else {
                    skip(parser, value);
                }
            }
            if (token != JsonParser.Event.END_OBJECT || parser.hasNext()) {
                throw new StreamViolation(StreamViolation.UNSUPPORTED, "malformed JSON");
            }
            return new EventBatch(type, seq, cleaned, tripped);
        } catch (JsonException | IllegalStateException | NoSuchElementException malformed) {
            throw new StreamViolation(StreamViolation.UNSUPPORTED, "malformed JSON");
        } catch (StreamViolation refused) {
            throw refused;
        } catch (RuntimeException tooDeep) {
            throw NestingLimit.refusal(tooDeep);
        }
    }

    private static Map<String, Integer> tripped(JsonObject report) {
        Map<String, Integer> tripped = new TreeMap<>();
        for (PiiKind kind : PiiKind.values()) {
            if (report.get(kind.code()) instanceof JsonNumber count && count.isIntegral()
                    && count.bigIntegerValue().signum() > 0 && count.bigIntegerValue().bitLength() < 31) {
                tripped.put(kind.code(), count.intValue());
            }
        }
        return tripped;
    }

    private static Cleaned readEvents(JsonParser parser, String text, DomFirewall firewall) {
        Cleaned cleaned = new Cleaned();
        UnchangedEventScan scan = new UnchangedEventScan(parser, firewall);
        JsonParser.Event token;
        while ((token = parser.next()) != JsonParser.Event.END_ARRAY) {
            if (cleaned.refusal != null) {
                skip(parser, token);
                continue;
            }
            try {
                if (token == JsonParser.Event.START_OBJECT) {
                    long start = parser.getLocation().getStreamOffset() - 1;
                    int unchangedType = scan.event();
                    String visitorText = slice(text, start, parser.getLocation().getStreamOffset());
                    if (unchangedType != UnchangedEventScan.NOT_SURE) {
                        cleaned.texts.add(visitorText);
                        cleaned.types.add(unchangedType);
                    } else {
                        clean(firewall, readObject(visitorText), visitorText, cleaned);
                    }
                } else {
                    clean(firewall, parser.getValue(), null, cleaned); // not an object: the firewall refuses it
                }
            } catch (StreamViolation refused) {
                cleaned.refusal = refused;
            }
        }
        return cleaned;
    }

    private static void clean(DomFirewall firewall, JsonValue event, String visitorText, Cleaned cleaned) {
        JsonObject clean = firewall.clean(event);
        cleaned.types.add(clean.getInt("type"));
        cleaned.texts.add(clean == event ? visitorText : clean.toString());
    }

    private static JsonObject readObject(String eventText) {
        try (var reader = Jsons.READERS.createReader(new StringReader(eventText))) {
            return reader.readObject();
        }
    }

    /**
     * The object's own text, cut out by the parser's offsets; they frame it unless the JSON-P
     * implementation counts differently, which is refused as malformed rather than guessed at.
     */
    private static String slice(String text, long start, long end) {
        if (start < 0 || end > text.length() || end - start < 2 || text.charAt((int) start) != '{' || text.charAt((int) end - 1) != '}') {
            throw new IllegalStateException("event offsets do not frame an object");
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
