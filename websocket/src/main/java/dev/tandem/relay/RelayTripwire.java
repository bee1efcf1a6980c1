package dev.tandem.relay;

import dev.tandem.group.PiiPolicy;
import dev.tandem.json.Jsons;
import dev.tandem.pii.PiiDetector;
import dev.tandem.pii.PiiKind;
import dev.tandem.pii.PiiPattern;
import dev.tandem.pii.PiiScan;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The relay's PII tripwire (defence in depth behind the visitor script's, for pages whose script is
 * old or tampered with): every event text the relay is about to pass on, whether the firewall
 * cleaned it or the {@link UnchangedEventScan} let it through as the visitor's own text, is looked
 * at by the {@link PiiDetector}; an event with a hit in any string (or number) is rebuilt with the
 * hit masked. Cheap for the usual event: the detector first runs once over the event's raw text, in
 * which every JSON escape is read as two spaces (an escape can only separate, never join, what the
 * detectors look for); only when that finds something, or when the text has a {@code \\u} escape
 * (which could spell a digit), or a backslash and the group has its own patterns (whose literals
 * may be escaped), is the event read as a tree and each value scanned.
 */
final class RelayTripwire {

    private final PiiDetector detector;
    private final boolean ownPatterns;

    private RelayTripwire(PiiDetector detector, boolean ownPatterns) {
        this.detector = detector;
        this.ownPatterns = ownPatterns;
    }

    /**
     * The tripwire for a group, or empty if its policy is OFF. Throws {@link StreamViolation}
     * (1008, {@code bad_pattern}) when the group has an invalid pattern or too many: fail closed.
     */
    static Optional<RelayTripwire> of(PiiPolicy policy, List<String> templates) {
        if (policy == PiiPolicy.OFF) {
            return Optional.empty();
        }
        if (templates.size() > PiiPattern.MAX_PATTERNS) {
            throw new StreamViolation(StreamViolation.POLICY, "bad_pattern");
        }
        List<PiiPattern> patterns = new ArrayList<>();
        for (String template : templates) {
            patterns.add(PiiPattern.parse(template).orElseThrow(() -> new StreamViolation(StreamViolation.POLICY, "bad_pattern")));
        }
        return Optional.of(new RelayTripwire(new PiiDetector(patterns), !patterns.isEmpty()));
    }

    /** The event texts, each masked where needed (the same instance when nothing was found); hits added to {@code counts}. */
    List<String> mask(List<String> events, Map<PiiKind, Integer> counts) {
        List<String> out = null;
        for (int i = 0; i < events.size(); i++) {
            String text = events.get(i);
            String masked = maskEvent(text, counts);
            if (masked != text && out == null) {
                out = new ArrayList<>(events);
            }
            if (out != null) {
                out.set(i, masked);
            }
        }
        return out == null ? events : out;
    }

    private String maskEvent(String text, Map<PiiKind, Integer> counts) {
        String relaxed = relaxed(text);
        if (relaxed != null && !detector.scan(relaxed).tripped()) {
            return text;
        }
        JsonValue tree;
        try (var reader = Jsons.READERS.createReader(new StringReader(text))) {
            tree = reader.readValue();
        }
        JsonValue masked = mask(tree, counts);
        return masked == tree ? text : masked.toString();
    }

    /** The raw text with each JSON escape read as two spaces, or null when it must be read as a tree. */
    private String relaxed(String text) {
        int backslash = text.indexOf('\\');
        if (backslash < 0) {
            return text;
        }
        if (ownPatterns) {
            return null;
        }
        StringBuilder relaxed = new StringBuilder(text);
        for (int i = backslash; i < relaxed.length() - 1; i++) {
            if (relaxed.charAt(i) == '\\') {
                if (relaxed.charAt(i + 1) == 'u') {
                    return null;
                }
                relaxed.setCharAt(i, ' ');
                relaxed.setCharAt(++i, ' ');
            }
        }
        return relaxed.toString();
    }

    /** The value with every hit masked: copy on write, the same instance when nothing was found. */
    private JsonValue mask(JsonValue value, Map<PiiKind, Integer> counts) {
        switch (value.getValueType()) {
            case STRING -> {
                PiiScan scan = detector.scan(((JsonString) value).getString());
                if (!scan.tripped()) {
                    return value;
                }
                scan.counts().forEach((kind, count) -> counts.merge(kind, count, Integer::sum));
                return Jsons.PROVIDER.createValue(scan.text());
            }
            case NUMBER -> {
                PiiScan scan = detector.scan(((JsonNumber) value).toString());
                if (!scan.tripped()) {
                    return value;
                }
                scan.counts().forEach((kind, count) -> counts.merge(kind, count, Integer::sum));
                return Jsons.PROVIDER.createValue(0);
            }
            case OBJECT -> {
                JsonObject object = value.asJsonObject();
                JsonObjectBuilder copy = null;
                for (Map.Entry<String, JsonValue> member : object.entrySet()) {
                    JsonValue masked = mask(member.getValue(), counts);
                    if (masked != member.getValue()) {
                        copy = copy == null ? Jsons.BUILDERS.createObjectBuilder(object) : copy;
                        copy.add(member.getKey(), masked);
                    }
                }
                return copy == null ? value : copy.build();
            }
            case ARRAY -> {
                JsonArray array = value.asJsonArray();
                JsonArrayBuilder copy = null;
                for (int i = 0; i < array.size(); i++) {
                    JsonValue masked = mask(array.get(i), counts);
                    if (masked != array.get(i)) {
                        copy = copy == null ? Jsons.BUILDERS.createArrayBuilder(array) : copy;
                        copy.set(i, masked);
                    }
                }
                return copy == null ? value : copy.build();
            }
            default -> {
                return value;
            }
        }
    }
}
