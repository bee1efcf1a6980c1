package dev.tandem.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.group.PiiPolicy;
import dev.tandem.pii.PiiKind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The relay's tripwire on what it is about to pass on, for streams from a page whose script did
 * not mask: events on the fast path (passed as the visitor's own text) included, digits hidden
 * behind JSON escapes included, and clean events passed as the same text.
 */
class RelayTripwireTest {

    private static final String CARD = "4111 1111 1111 1111";
    private static final RelayTripwire MASK = RelayTripwire.of(PiiPolicy.MASK, List.of()).orElseThrow();

    private static String message(String... events) {
        return "{\"type\":\"events\",\"seq\":1,\"events\":[" + String.join(",", events) + "]}";
    }

    private static String textMutation(String value) {
        return "{\"type\":3,\"timestamp\":1732881234567,\"data\":{\"source\":0,\"texts\":[{\"id\":7,\"value\":\"" + value
                + "\"}],\"attributes\":[],\"removes\":[],\"adds\":[]}}";
    }

    private static List<String> relayed(String message, Map<PiiKind, Integer> counts) {
        EventBatch batch = EventBatch.read(message, new DomFirewall());
        return MASK.mask(batch.events, counts);
    }

    @Test
    void aCardOnTheFastPathIsMaskedBeforeAnyAgentSeesIt() {
        String event = textMutation("Card " + CARD);
        assertThat(EventBatch.read(message(event), new DomFirewall()).events).containsExactly(event); // passed unchanged today
        Map<PiiKind, Integer> counts = new EnumMap<>(PiiKind.class);
        List<String> out = relayed(message(event), counts);
        assertThat(out.get(0)).doesNotContain("1111").contains("Card **** **** **** ****");
        assertThat(counts).containsExactly(Map.entry(PiiKind.CARD, 1));
    }

    @Test
    void anIbanInAnAddedNodesAttributeIsMasked() {
        String event = "{\"type\":3,\"timestamp\":1,\"data\":{\"source\":0,\"texts\":[],\"attributes\":[],\"removes\":[],\"adds\":[{\"parentId\":1,"
                + "\"nextId\":null,\"node\":{\"type\":2,\"tagName\":\"span\",\"attributes\":{\"title\":\"DE89 3704 0044 0532 0130 00\"},"
                + "\"childNodes\":[],\"id\":9}}]}}";
        Map<PiiKind, Integer> counts = new EnumMap<>(PiiKind.class);
        assertThat(relayed(message(event), counts).get(0)).doesNotContain("3704").contains("\"title\":\"**** **** **** **** **** **\"");
        assertThat(counts).containsExactly(Map.entry(PiiKind.IBAN, 1));
    }

    @Test
    void digitsWrittenAsJsonEscapesAreFound() {
        String escaped = "\\u0034111111111111111"; // what a forged stream may send: the agent's JSON.parse reads 4111...
        Map<PiiKind, Integer> counts = new EnumMap<>(PiiKind.class);
        assertThat(relayed(message(textMutation(escaped)), counts).get(0)).contains("****************");
        assertThat(counts).containsEntry(PiiKind.CARD, 1);
    }

    @Test
    void anEscapeJustBeforeAnIbanDoesNotHideIt() {
        Map<PiiKind, Integer> counts = new EnumMap<>(PiiKind.class);
        assertThat(relayed(message(textMutation("\\nDE89370400440532013000")), counts).get(0)).doesNotContain("DE89");
        assertThat(counts).containsEntry(PiiKind.IBAN, 1);
    }

    @Test
    void anInputEventsValueIsMasked() {
        String input = "{\"type\":3,\"timestamp\":1,\"data\":{\"source\":5,\"text\":\"123-45-6789\",\"isChecked\":false,\"id\":12}}";
        Map<PiiKind, Integer> counts = new EnumMap<>(PiiKind.class);
        assertThat(relayed(message(input), counts).get(0)).contains("\"text\":\"***********\"");
        assertThat(counts).containsEntry(PiiKind.SSN, 1);
    }

    @Test
    void aCardWrittenAsANumberIsReplaced() {
        String input = "{\"type\":3,\"timestamp\":1,\"data\":{\"source\":5,\"text\":4111111111111111,\"id\":12}}";
        Map<PiiKind, Integer> counts = new EnumMap<>(PiiKind.class);
        assertThat(relayed(message(input), counts).get(0)).doesNotContain("4111");
    }

    @Test
    void cleanEventsArePassedAsTheSameText() {
        List<String> events = EventBatch.read(message(textMutation("Order 100023456789012 on 2026-11-29, call +1 555-123-4567"),
                textMutation("line\\none")), new DomFirewall()).events;
        Map<PiiKind, Integer> counts = new EnumMap<>(PiiKind.class);
        assertThat(MASK.mask(events, counts)).isSameAs(events);
        assertThat(counts).isEmpty();
    }

    @Test
    void groupPatternsApplyAndEscapesThenGoThroughTheTree() {
        RelayTripwire own = RelayTripwire.of(PiiPolicy.MASK_AND_END, List.of("AA999999")).orElseThrow();
        Map<PiiKind, Integer> counts = new EnumMap<>(PiiKind.class);
        List<String> out = own.mask(EventBatch.read(message(textMutation("member\\tXY123456")), new DomFirewall()).events, counts);
        assertThat(out.get(0)).doesNotContain("XY123456");
        assertThat(counts).containsEntry(PiiKind.PATTERN, 1);
    }

    @Test
    void offMeansNoTripwireAndABadPatternStopsTheStream() {
        assertThat(RelayTripwire.of(PiiPolicy.OFF, List.of("(a+)+"))).isEmpty();
        assertThatThrownBy(() -> RelayTripwire.of(PiiPolicy.MASK, List.of("(a+)+")))
                .isInstanceOfSatisfying(StreamViolation.class, v -> {
                    assertThat(v.closeCode()).isEqualTo(StreamViolation.POLICY);
                    assertThat(v.getMessage()).isEqualTo("bad_pattern");
                });
    }

    @Test
    void theVisitorScriptsReportIsReadAsKindsAndCountsOnly() {
        String text = "{\"type\":\"events\",\"seq\":1,\"tripped\":{\"card\":2,\"iban\":1,\"secret\":\"4111\",\"ssn\":-1,\"pattern\":1e99},\"events\":[]}";
        assertThat(EventBatch.read(text, new DomFirewall()).tripped).isEqualTo(Map.of("card", 2, "iban", 1));
        assertThat(EventBatch.read(message(), new DomFirewall()).tripped).isEmpty();
    }
}
