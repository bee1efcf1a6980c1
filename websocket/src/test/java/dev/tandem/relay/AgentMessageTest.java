package dev.tandem.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an agent's viewer may send: each message is checked exactly against its schema, tied to the
 * mode it needs, and relayed as rebuilt from the checked fields (extra members never reach the page).
 */
class AgentMessageTest {

    @Test
    void aPointerNeedsThePointerModeAndIsRebuiltFromItsFields() {
        AgentMessage m = AgentMessage.read("{\"type\":\"pointer\",\"node\":42,\"x\":0.25,\"y\":1}");
        assertThat(m.mode()).isEqualTo("pointer");
        assertThat(m.relayed().toString()).isEqualTo("{\"node\":42,\"x\":0.25,\"y\":1.0,\"type\":\"pointer\",\"click\":false}");
    }

    @Test
    void controlsAndWriteRequestsNeedTheWriteMode() {
        assertThat(AgentMessage.read("{\"type\":\"write-request\"}").mode()).isEqualTo("write");
        assertThat(AgentMessage.read("{\"type\":\"write-release\"}").mode()).isEqualTo("write");
        AgentMessage typed = AgentMessage.read("{\"type\":\"control\",\"action\":\"type\",\"node\":7,\"text\":\"hello\"}");
        assertThat(typed.mode()).isEqualTo("write");
        assertThat(typed.relayed().getString("text")).isEqualTo("hello");
        assertThat(AgentMessage.read("{\"type\":\"control\",\"action\":\"key\",\"node\":7,\"key\":\"Enter\"}").relayed().getString("key"))
                .isEqualTo("Enter");
        assertThat(AgentMessage.read("{\"type\":\"control\",\"action\":\"check\",\"node\":7,\"checked\":true}").relayed().getBoolean("checked"))
                .isTrue();
        assertThat(AgentMessage.read("{\"type\":\"control\",\"action\":\"click\",\"node\":7,\"x\":0.5,\"y\":0.5}").relayed().getInt("node"))
                .isEqualTo(7);
        assertThat(AgentMessage.read("{\"type\":\"control\",\"action\":\"scroll\",\"node\":1,\"x\":0,\"y\":800}").relayed().getJsonNumber("y")
                .doubleValue()).isEqualTo(800);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[]", "{", "\"pointer\"", "{\"type\":\"hello\"}", "{\"node\":1}",
        "{\"type\":\"pointer\",\"node\":1,\"x\":0.5}",
        "{\"type\":\"pointer\",\"node\":0,\"x\":0.5,\"y\":0.5}",
        "{\"type\":\"pointer\",\"node\":1.5,\"x\":0.5,\"y\":0.5}",
        "{\"type\":\"pointer\",\"node\":99999999999,\"x\":0.5,\"y\":0.5}",
        "{\"type\":\"pointer\",\"node\":1,\"x\":1.5,\"y\":0.5}",
        "{\"type\":\"pointer\",\"node\":1,\"x\":-0.1,\"y\":0.5}",
        "{\"type\":\"pointer\",\"node\":1,\"x\":0.5,\"y\":0.5,\"html\":\"<b>\"}",
        "{\"type\":\"pointer\",\"node\":1,\"x\":0.5,\"y\":0.5,\"click\":\"yes\"}",
        "{\"type\":\"write-request\",\"mode\":\"all\"}",
        "{\"type\":\"control\",\"action\":\"eval\",\"node\":1}",
        "{\"type\":\"control\",\"action\":\"type\",\"node\":1}",
        "{\"type\":\"control\",\"action\":\"type\",\"node\":1,\"text\":5}",
        "{\"type\":\"control\",\"action\":\"key\",\"node\":1,\"key\":\"F5\"}",
        "{\"type\":\"control\",\"action\":\"check\",\"node\":1,\"checked\":1}",
        "{\"type\":\"control\",\"action\":\"submit\",\"node\":1}"
    })
    void anythingElseIsRefusedWith1003(String text) {
        assertThatThrownBy(() -> AgentMessage.read(text)).isInstanceOfSatisfying(StreamViolation.class,
                v -> assertThat(v.closeCode()).isEqualTo(1003));
    }

    @Test
    void typedTextIsBoundedAndNeverInTheRefusal() {
        String secret = "s3cret-".repeat(200);
        assertThatThrownBy(() -> AgentMessage.read("{\"type\":\"control\",\"action\":\"type\",\"node\":1,\"text\":\"" + secret + "\"}"))
                .isInstanceOfSatisfying(StreamViolation.class, v -> {
                    assertThat(v.closeCode()).isEqualTo(1003);
                    assertThat(v.getMessage()).doesNotContain("s3cret");
                });
        assertThatThrownBy(() -> AgentMessage.read("{\"type\":\"pointer\",\"pad\":\"" + "x".repeat(5000) + "\"}"))
                .isInstanceOfSatisfying(StreamViolation.class, v -> assertThat(v.closeCode()).isEqualTo(1009));
    }
}
