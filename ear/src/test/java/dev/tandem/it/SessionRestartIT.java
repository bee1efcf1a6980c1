package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.it.VisitorClient.Answer;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A session that was live when this node stopped cannot go on (its visitor token was signed with a
 * key that died with the run), so the next start of the node ends it as SERVER_SHUTDOWN, with an
 * audit row, and an agent can no longer join it by its key. Here the restart is a redeployment,
 * which starts the application afresh.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class SessionRestartIT {

    private static final String NAME = "tandem-session-restart";

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = NAME, managed = false, testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    @Test
    void aSessionLiveBeforeARestartIsEndedAndCannotBeJoined() {
        deployer.deploy(NAME);
        try {
            TestGroups.group().id("demo").origins("https://acme.example").create();
            Answer started = VisitorClient.from("https://acme.example").start("demo");
            assertThat(started.status()).isEqualTo(201);
            String ref = Rows.refOf(started.string("sessionId"));

            deployer.undeploy(NAME);
            deployer.deploy(NAME);

            await().atMost(Duration.ofSeconds(30)).until(() -> Rows.session(ref).orElseThrow().endedAt() != null);
            assertThat(Rows.session(ref).orElseThrow().endReason()).isEqualTo("SERVER_SHUTDOWN");
            assertThat(Rows.auditOfSession(ref)).filteredOn(a -> a.type().equals("SESSION_ENDED")).singleElement().satisfies(a -> {
                assertThat(a.reason()).isEqualTo("SERVER_SHUTDOWN");
                assertThat(a.actor()).isEqualTo("system");
            });
            assertThat(AgentClient.signIn("alice").join(started.string("key"), "demo").status())
                    .as("no agent joins a session nobody can stream to").isEqualTo(404);
        } finally {
            deployer.undeploy(NAME);
        }
    }
}
