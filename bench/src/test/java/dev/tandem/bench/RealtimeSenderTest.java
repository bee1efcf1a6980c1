package dev.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The generator's sender thread in the real-time class: the policy is read right, and set where the machine allows it. */
class RealtimeSenderTest {

    @Test
    void readsThePolicyFieldEvenWhenTheThreadNameHoldsSpacesAndParentheses() {
        StringBuilder stat = new StringBuilder("4242 (bench (x) sender) S");
        for (int field = 4; field <= 45; field++) {
            stat.append(' ').append(field == 41 ? 1 : field);
        }
        assertThat(RealtimeSender.schedulingPolicy(stat.toString())).isEqualTo(1);
    }

    @Test
    void aThreadRaisedRunsInTheRealTimeClassAndOthersDoNot() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chrt")) && "root".equals(System.getProperty("user.name")),
                "needs chrt and the right to use it");
        AtomicBoolean raised = new AtomicBoolean();
        AtomicInteger policy = new AtomicInteger(-1);
        Thread t = new Thread(() -> {
            raised.set(RealtimeSender.raiseCallingThread());
            try {
                policy.set(RealtimeSender.schedulingPolicy(Files.readString(Path.of("/proc/thread-self/stat"))));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        t.start();
        t.join();

        assertThat(raised).isTrue();
        assertThat(policy.get()).isEqualTo(1);
        assertThat(RealtimeSender.schedulingPolicy(Files.readString(Path.of("/proc/thread-self/stat")))).as("the test's own thread").isZero();
    }
}
