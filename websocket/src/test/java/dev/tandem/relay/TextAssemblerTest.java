package dev.tandem.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * A socket's message put together from parts: whole messages within the limit come out unchanged,
 * a message past the limit is refused with 1009 at the part that crosses it, however it is split.
 */
class TextAssemblerTest {

    @Test
    void aMessageInOnePartOrManyComesOutWhole() {
        TextAssembler a = new TextAssembler(64);
        assertThat(a.add("{\"type\":\"hello\"}", true)).contains("{\"type\":\"hello\"}");
        assertThat(a.add("{\"type\":", false)).isEmpty();
        assertThat(a.add("\"pointer\"", false)).isEmpty();
        assertThat(a.add("}", true)).contains("{\"type\":\"pointer\"}");
        assertThat(a.add("next", true)).as("the next message starts empty").contains("next");
    }

    @Test
    void aMessageTrickledInSmallPartsIsRefusedAsSoonAsItPassesTheLimit() {
        TextAssembler a = new TextAssembler(4096);
        String kib = "x".repeat(1024);
        for (int i = 0; i < 4; i++) {
            assertThat(a.add(kib, false)).isEmpty();
        }
        assertThatThrownBy(() -> a.add("x", false))
                .isInstanceOfSatisfying(StreamViolation.class, v -> assertThat(v.closeCode()).isEqualTo(1009));
        // The rest of the refused frame is dropped, not refused again and not held.
        assertThat(a.add(kib, false)).isEmpty();
        assertThat(a.add(kib, true)).isEmpty();
        assertThat(a.add("ok", true)).contains("ok");
    }

    @Test
    void theLimitIsInUtf8BytesNotCharacters() {
        TextAssembler a = new TextAssembler(8);
        assertThat(a.add("éééé", true)).as("8 bytes").contains("éééé");
        assertThatThrownBy(() -> a.add("ééééé", true)).isInstanceOf(StreamViolation.class);
        assertThat(TextAssembler.utf8Length("a€😀")).isEqualTo(1 + 3 + 4);
    }

    @Test
    void aSinglePartOverTheLimitIsRefusedAndTheNextMessageIsRead() {
        TextAssembler a = new TextAssembler(10);
        assertThatThrownBy(() -> a.add("x".repeat(11), true)).isInstanceOf(StreamViolation.class);
        assertThat(a.add("fine", true)).contains("fine");
    }

    @Test
    void aLargeMessageReadInPartsLeavesNoBufferOfItsSizeBehind() {
        TextAssembler a = new TextAssembler(8 * 1024 * 1024);
        String part = "x".repeat(16 * 1024);
        for (int i = 0; i < 15; i++) {
            assertThat(a.add(part, false)).isEmpty();
        }
        assertThat(a.add(part, true)).hasValueSatisfying(whole -> assertThat(whole).hasSize(256 * 1024));

        assertThat(a.heldChars()).as("what the connection keeps until its next message").isLessThanOrEqualTo(TextAssembler.KEEP_CHARS);
        assertThat(a.add("{\"a\":", false)).isEmpty();
        assertThat(a.add("1}", true)).contains("{\"a\":1}");
    }
}
