package dev.tandem.join;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.nodes.SharedKeys;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The modes the server granted travel in the signed pass, and only the known ones count. */
class AgentPassModesTest {

    private static AgentPass pass(String modes) {
        Instant now = Instant.parse("2026-11-29T10:00:00Z");
        return new AgentPass("p", "r".repeat(64), "alice", "Alice Agent", now, now.plusSeconds(1800), "", modes);
    }

    @Test
    void theSignedPassCarriesItsModes() {
        AgentPassSigner signer = new AgentPassSigner();
        signer.shared = new SharedKeys(new ConcurrentHashMap<>());
        signer.generateKey();
        AgentPass read = signer.read(signer.sign(pass("view,pointer"))).orElseThrow();
        assertThat(read.grants("pointer")).isTrue();
        assertThat(read.grants("write")).isFalse();
        assertThat(read.grants("view")).isTrue();
    }

    @Test
    void onlyKnownModesOfTheTicketAreGranted() {
        assertThat(DefaultAgentJoins.grantedModes("view,pointer,write")).isEqualTo("view,pointer,write");
        assertThat(DefaultAgentJoins.grantedModes("write,admin,pointer")).isEqualTo("view,pointer,write");
        assertThat(DefaultAgentJoins.grantedModes("view")).isEqualTo("view");
        assertThat(DefaultAgentJoins.grantedModes(null)).isEqualTo("view");
        assertThat(pass("view,pointerish").grants("pointer")).isFalse();
    }
}
