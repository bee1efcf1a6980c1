package dev.tandem.pii;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The server's tripwire held to the shared test vectors, the same file the visitor script's
 * tripwire is tested with (web module, {@code tripwire.test.mjs}): what a site owner is told is
 * caught is caught on both sides, and near misses (order numbers, phone numbers, dates, 16 digits
 * failing Luhn) pass untouched on both.
 */
class PiiDetectorTest {

    /** The websocket module's tests run in its base directory; the vectors live with the browser code. */
    static final Path VECTORS = Path.of("..", "web", "src", "main", "frontend", "test", "pii-vectors.json");

    static JsonObject vectors() throws IOException {
        try (Reader reader = Files.newBufferedReader(VECTORS); var json = Json.createReader(reader)) {
            return json.readObject();
        }
    }

    @Test
    void builtInDetectorsMatchTheSharedVectors() throws IOException {
        for (JsonValue value : vectors().getJsonArray("cases")) {
            check(new PiiDetector(List.of()), value.asJsonObject());
        }
    }

    @Test
    void groupPatternsMatchTheSharedVectors() throws IOException {
        for (JsonValue value : vectors().getJsonArray("patternCases")) {
            JsonObject c = value.asJsonObject();
            List<PiiPattern> patterns = c.getJsonArray("patterns").getValuesAs(JsonString.class).stream()
                    .map(s -> PiiPattern.parse(s.getString()).orElseThrow()).toList();
            check(new PiiDetector(patterns), c);
        }
    }

    @Test
    void invalidPatternsAreRefused() throws IOException {
        for (JsonString template : vectors().getJsonArray("invalidPatterns").getValuesAs(JsonString.class)) {
            assertThat(PiiPattern.parse(template.getString())).as(template.getString()).isEmpty();
        }
    }

    @Test
    void patternMatchingStaysLinearOnHostileText() {
        PiiPattern pattern = PiiPattern.parse("X".repeat(PiiPattern.MAX_LENGTH)).orElseThrow();
        String text = "a".repeat(200_000);
        long start = System.nanoTime();
        PiiScan scan = new PiiDetector(List.of(pattern)).scan(text);
        assertThat(scan.tripped()).isFalse(); // one 200,000-letter word: no match has a boundary on both sides
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }

    @Test
    void textWithoutHitsIsTheSameInstance() {
        String text = "nothing 2026-11-29 here";
        assertThat(new PiiDetector(List.of()).scan(text).text()).isSameAs(text);
    }

    private static void check(PiiDetector detector, JsonObject c) {
        String name = c.getString("name");
        String text = c.getString("text");
        PiiScan scan = detector.scan(text);
        Map<String, Integer> found = new TreeMap<>();
        scan.counts().forEach((kind, count) -> found.put(kind.code(), count));
        Map<String, Integer> expected = new TreeMap<>();
        if (c.containsKey("found")) {
            c.getJsonObject("found").forEach((kind, count) -> expected.put(kind, ((JsonNumber) count).intValue()));
        }
        assertThat(found).as(name).isEqualTo(expected);
        if (c.containsKey("masked")) {
            assertThat(scan.text()).as(name).isEqualTo(c.getString("masked"));
        }
        if (expected.isEmpty()) {
            assertThat(scan.text()).as(name).isEqualTo(text);
        }
    }
}
