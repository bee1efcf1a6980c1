package dev.tandem.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading a visitor's events message: the values, and each event passed on as the visitor's exact text or cleaned. */
class EventBatchTest {

    private static EventBatch read(String text) {
        return EventBatch.read(text, new DomFirewall());
    }

    @Test
    void eachEventKeepsTheExactTextTheVisitorSent() {
        String first = "{\"type\":3,\"timestamp\":1,\"data\":{\"source\":5,\"text\":\"caf\\u00e9 \\\"quoted\\\" }{\",\"id\":7}}";
        String second = "{ \"type\" : 2 , \"timestamp\":2,\"data\":{\"node\":{\"type\":0,\"id\":1,\"childNodes\":[]}} }";
        EventBatch batch = read("{\"type\":\"events\",\"seq\":4,\"events\":[" + first + " ,\n" + second + "]}");
        assertThat(batch.type).isEqualTo("events");
        assertThat(((JsonNumber) batch.seq).longValue()).isEqualTo(4);
        assertThat(batch.events).containsExactly(first, second);
        assertThat(batch.types).containsExactly(3, 2);
        assertThat(batch.refusal).isNull();
    }

    @Test
    void largeBatchesAreCutExactlyAcrossTheParsersBufferBoundaries() {
        Random random = new Random(42);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            StringBuilder text = new StringBuilder();
            for (int c = random.nextInt(3000); c > 0; c--) {
                text.append(random.nextInt(8) == 0 ? "\\u00e9\\n" : String.valueOf((char) ('a' + random.nextInt(26))));
            }
            events.add("{\"type\":3,\"timestamp\":" + i + ",\"data\":{\"source\":5,\"text\":\"" + text + "\",\"list\":[1,{\"x\":null}]}}");
        }
        EventBatch batch = read("{\"events\":[" + String.join(",", events) + "],\"seq\":1,\"type\":\"events\"}");
        assertThat(batch.events).isEqualTo(events);
    }

    @Test
    void eventsThatNeedCleaningAreWrittenOutCleanedAndTheOthersPassAsSent() {
        String clean = mutation(2, "[]", "[{\"id\":9,\"attributes\":{\"class\":\"a\"}}]");
        String dirty = mutation(3, "[]", "[{\"id\":9,\"attributes\":{\"onclick\":\"steal()\"}}]");
        EventBatch batch = read("{\"type\":\"events\",\"seq\":1,\"events\":[" + clean + "," + dirty + "]}");
        assertThat(batch.events.get(0)).isEqualTo(clean);
        assertThat(parse(batch.events.get(1)).getJsonObject("data").getJsonArray("attributes").getJsonObject(0).getJsonObject("attributes"))
                .isEmpty();
        assertThat(batch.types).containsExactly(3, 3);
    }

    @Test
    void aSnapshotDecidesWhatTheEventsAfterItInTheSameMessageMayTouch() {
        String snapshot = "{\"type\":2,\"timestamp\":1,\"data\":{\"node\":{\"type\":0,\"id\":1,\"childNodes\":[{\"type\":2,\"id\":5,"
                + "\"tagName\":\"script\",\"attributes\":{},\"childNodes\":[]}]}}}";
        String scriptText = mutation(2, "[{\"id\":5,\"value\":\"alert(1)\"}]", "[]");
        EventBatch batch = read("{\"type\":\"events\",\"seq\":1,\"events\":[" + snapshot + "," + scriptText + "]}");
        assertThat(parse(batch.events.get(1)).getJsonObject("data").getJsonArray("texts")).isEmpty();
    }

    @Test
    void aRefusedEventIsKeptForAfterTheMessagesTypeAndSequenceAreCheckedAndNothingAfterItIsCleaned() {
        EventBatch batch = read("{\"type\":\"events\",\"extra\":{\"a\":[1,2,{\"b\":3}]},\"more\":[[]],"
                + "\"events\":[{\"type\":4,\"timestamp\":1,\"data\":{}},\"text\",{\"type\":4,\"timestamp\":2,\"data\":{}}],\"seq\":1}");
        assertThat(batch.refusal).isNotNull().extracting(StreamViolation::closeCode).isEqualTo(StreamViolation.UNSUPPORTED);
        assertThat(batch.events).containsExactly("{\"type\":4,\"timestamp\":1,\"data\":{}}");
        assertThat(((JsonNumber) batch.seq).intValue()).isEqualTo(1);
    }

    @Test
    void theLastOfDuplicateMembersCountsAsInTheBrowser() {
        EventBatch batch = read("{\"type\":\"hello\",\"type\":\"events\",\"seq\":1,\"events\":[{\"type\":3,\"type\":2,\"timestamp\":1,\"data\":{\"node\":{\"type\":0,\"id\":1}}}]}");
        assertThat(batch.type).isEqualTo("events");
        assertThat(batch.types).containsExactly(2);
    }

    @Test
    void aSecondEventsMemberIsRefusedRatherThanCleanedAndDropped() {
        assertThatThrownBy(() -> read("{\"events\":[],\"events\":7}")).isInstanceOfSatisfying(StreamViolation.class,
                v -> assertThat(v.closeCode()).isEqualTo(StreamViolation.UNSUPPORTED));
    }

    @Test
    void missingOrWronglyTypedMembersReadAsNull() {
        EventBatch batch = read("{\"type\":1,\"seq\":\"1\",\"events\":{}}");
        assertThat(batch.type).isNull();
        assertThat(batch.seq).isNull();
        assertThat(batch.events).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "\"events\"", "{\"type\":\"events\"", "{\"type\":\"events\"} {}", "{\"events\":[{]}", "{'type':'events'}",
        "{\"events\":[{\"type\":3,\"timestamp\":1,\"data\":{\"source\":5,]}}"})
    void anythingButOneJsonObjectIsRefusedWith1003(String text) {
        assertThatThrownBy(() -> read(text)).isInstanceOfSatisfying(StreamViolation.class,
                v -> assertThat(v.closeCode()).isEqualTo(StreamViolation.UNSUPPORTED));
    }

    /** A mutation event with these text and attribute changes, nothing added or removed. */
    private static String mutation(int timestamp, String texts, String attributes) {
        return "{\"type\":3,\"timestamp\":" + timestamp + ",\"data\":{\"source\":0,\"texts\":" + texts + ",\"attributes\":" + attributes
                + ",\"removes\":[],\"adds\":[]}}";
    }

    private static JsonObject parse(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
