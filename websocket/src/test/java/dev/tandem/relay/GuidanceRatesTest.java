package dev.tandem.relay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The guidance rate is the agent's, not the connection's: more sockets do not mean more messages. */
class GuidanceRatesTest {

    private static final long SECOND = 1_000_000_000L;

    private static int taken(GuidanceRates rates, String subject, long now, int tries) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            if (rates.tryTake(subject, now)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void twoConnectionsOfOneAgentShareOneRate() {
        GuidanceRates rates = new GuidanceRates();
        rates.opened("alice", "socket-1", 0);
        rates.opened("alice", "socket-2", 0);

        assertThat(taken(rates, "alice", 0, 200)).isEqualTo(GuidanceRates.PER_SECOND);
        assertThat(taken(rates, "alice", SECOND, 200)).as("a second later: one second's worth again").isEqualTo(GuidanceRates.PER_SECOND);
    }

    @Test
    void otherAgentsKeepTheirOwnRate() {
        GuidanceRates rates = new GuidanceRates();
        rates.opened("alice", "socket-1", 0);
        rates.opened("bob", "socket-2", 0);
        taken(rates, "alice", 0, 200);

        assertThat(taken(rates, "bob", 0, 200)).isEqualTo(GuidanceRates.PER_SECOND);
    }

    @Test
    void closingOneOfTwoConnectionsKeepsWhatWasUsedAndTheLastOneDropsTheBucket() {
        GuidanceRates rates = new GuidanceRates();
        rates.opened("alice", "socket-1", 0);
        rates.opened("alice", "socket-2", 0);
        taken(rates, "alice", 0, 200);

        rates.closed("alice", "socket-1");
        rates.opened("alice", "socket-3", 0);
        assertThat(rates.tryTake("alice", 0)).as("reconnecting does not refill the bucket").isFalse();

        rates.closed("alice", "socket-2");
        rates.closed("alice", "socket-3");
        assertThat(rates.agents()).isZero();
        assertThat(rates.tryTake("alice", 0)).as("no connection, nothing counts").isFalse();
    }
}
