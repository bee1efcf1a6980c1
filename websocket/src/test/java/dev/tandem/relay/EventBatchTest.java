package dev.tandem.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading a visitor's events message: the values, and each event's own text cut out exactly. */
class EventBatchTest {

    @Test
    void eachEventKeepsTheExactTextTheVisitorSent() {
        String first = "{\"type\":3,\"timestamp\":1,\"data\":{\"source\":5,\"text\":\"caf\\u00e9 \\\"quoted\\\" }{\",\"id\":7}}";
        String second = "{ \"type\" : 2 , \"timestamp\":2,\"data\":{\"node\":{\"type\":0,\"childNodes\":[]}} }";
        EventBatch batch = EventBatch.read("{\"type\":\"events\",\"seq\":4,\"events\":[" + first + " ,\n" + second + "]}");
        assertThat(batch.type).isEqualTo("events");
        assertThat(((JsonNumber) batch.seq).longValue()).isEqualTo(4);
        assertThat(batch.texts).containsExactly(first, second);
        assertThat(batch.events.get(0)).isEqualTo(parse(first));
        assertThat(batch.events.get(1)).isEqualTo(parse(second));
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
        EventBatch batch = EventBatch.read("{\"events\":[" + String.join(",", events) + "],\"seq\":1,\"type\":\"events\"}");
        assertThat(batch.texts).isEqualTo(events);
    }

    @Test
    void otherMembersAreSkippedAndNonObjectEventsAreKeptForTheFirewallToRefuse() {
        EventBatch batch = EventBatch.read("{\"type\":\"events\",\"extra\":{\"a\":[1,2,{\"b\":3}]},\"seq\":1,\"more\":[[]],"
                + "\"events\":[\"text\",{\"type\":4,\"timestamp\":1,\"data\":{}}]}");
        assertThat(batch.events).hasSize(2);
        assertThat(batch.events.get(0).getValueType()).isEqualTo(JsonValue.ValueType.STRING);
        assertThat(batch.texts.get(0)).isNull();
        assertThatThrownBy(() -> new DomFirewall().clean(batch.events.get(0))).isInstanceOf(StreamViolation.class);
    }

    @Test
    void theLastOfDuplicateMembersCountsAsInTheBrowser() {
        EventBatch batch = EventBatch.read("{\"type\":\"hello\",\"type\":\"events\",\"seq\":1,\"events\":[{\"type\":3,\"type\":2,\"timestamp\":1}]}");
        assertThat(batch.type).isEqualTo("events");
        assertThat(batch.events.get(0).asJsonObject().getInt("type")).isEqualTo(2);
        assertThat(EventBatch.read("{\"events\":[],\"events\":7}").events).isNull();
    }

    @Test
    void missingOrWronglyTypedMembersReadAsNull() {
        EventBatch batch = EventBatch.read("{\"type\":1,\"seq\":\"1\",\"events\":{}}");
        assertThat(batch.type).isNull();
        assertThat(batch.seq).isNull();
        assertThat(batch.events).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "\"events\"", "{\"type\":\"events\"", "{\"type\":\"events\"} {}", "{\"events\":[{]}", "{'type':'events'}"})
    void anythingButOneJsonObjectIsRefusedWith1003(String text) {
        assertThatThrownBy(() -> EventBatch.read(text)).isInstanceOfSatisfying(StreamViolation.class,
                v -> assertThat(v.closeCode()).isEqualTo(StreamViolation.UNSUPPORTED));
    }

    private static JsonObject parse(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
