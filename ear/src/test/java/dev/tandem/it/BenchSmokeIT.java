package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.bench.OpenLoopLoad;
import dev.tandem.bench.PointerLoad;
import dev.tandem.bench.ProductRelay;
import dev.tandem.bench.ServerCpu;
import dev.tandem.bench.SignedInAgent;
import dev.tandem.bench.Trace;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The benchmark harness in smoke mode against the test server: a few real sessions (visitor API,
 * agents signed in through the identity provider's sign-in form, tickets, passes) under the
 * open-loop load for seconds. It asserts what the harness measures is whole (nothing lost, nothing
 * out of order), never how fast: timing belongs to the benchmark, not to the tests.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class BenchSmokeIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    @Test
    void theHarnessDeliversEveryEventInOrderThroughTheProductRelay() throws Exception {
        String site = "https://bench.example";
        List<SignedInAgent> agents = List.of(SignedInAgent.signIn(TestEnvironment.appBase(), "alice"),
                SignedInAgent.signIn(TestEnvironment.appBase(), "bob"));
        // The demo agents' groups come from the identity provider: "demo" is one both have.
        TestGroups.group().id("demo").origins(site).create();

        OpenLoopLoad.Result result = OpenLoopLoad.run(new ProductRelay(TestEnvironment.appBase(), "demo", site, agents),
                Trace.tiny(), 3, 2, 20, Duration.ofSeconds(1), Duration.ofSeconds(3), ServerCpu.none());

        assertThat(result.sent()).isPositive();
        assertThat(result.delivered()).isPositive();
        assertThat(result.lost()).as("events sent but never delivered").isZero();
        assertThat(result.reordered()).as("events delivered out of order").isZero();
        assertThat(result.latency().getTotalCount()).isPositive();
    }

    @Test
    void aLateAgentCatchesUpWithTheSnapshotAndEveryEventSince() throws Exception {
        String site = "https://bench.example";
        TestGroups.group().id("demo").origins(site).create();
        ProductRelay relay = new ProductRelay(TestEnvironment.appBase(), "demo", site,
                List.of(SignedInAgent.signIn(TestEnvironment.appBase(), "alice")));
        Trace trace = Trace.tiny();
        var session = relay.open(7, 0, trace, new dev.tandem.bench.LoadStats());
        for (int frame = 0; frame < 20; frame++) { // 20 frames of 100 events: within the message rate
            List<String> events = new java.util.ArrayList<>();
            for (int e = 0; e < 100; e++) {
                int seq = frame * 100 + e;
                events.add(trace.stamped(seq, 7, seq, System.nanoTime()));
            }
            session.visitor().send(relay.frame(frame + 2, events));
        }
        dev.tandem.bench.BenchMain.LastEvent last = new dev.tandem.bench.BenchMain.LastEvent("[7,1999,");
        var viewer = relay.joinLate(session, last);
        assertThat(last.arrived.get(30, java.util.concurrent.TimeUnit.SECONDS)).isPositive();
        viewer.sendClose(1000, "done");
        session.close();
    }

    @Test
    void everyPointerAnAgentSendsReachesTheVisitorInOrderThroughTheProductRelay() throws Exception {
        String site = "https://bench.example";
        TestGroups.group().id("demo").origins(site).create();
        TestGroups.agentModes("demo", "view,pointer");
        // Agents of the benchmark's own (claims typed into the provider's sign-in page), one per session.
        List<SignedInAgent> agents = List.of(SignedInAgent.benchAgent(TestEnvironment.appBase(), 1),
                SignedInAgent.benchAgent(TestEnvironment.appBase(), 2));

        PointerLoad.Result result = PointerLoad.run(ProductRelay.agentPerSession(TestEnvironment.appBase(), "demo", site, agents),
                Trace.tiny(), 2, 20, Duration.ofSeconds(1), Duration.ofSeconds(3), ServerCpu.none());

        assertThat(result.pointers().sent()).isPositive();
        assertThat(result.pointers().latency().getTotalCount()).as("pointers measured at the visitor").isPositive();
        assertThat(result.pointers().lost()).as("pointers sent but never delivered").isZero();
        assertThat(result.pointers().reordered()).as("pointers delivered out of order").isZero();
        assertThat(result.events().getTotalCount()).isPositive();
        assertThat(result.eventsLost()).as("the visitors' events meanwhile").isZero();
    }
}
