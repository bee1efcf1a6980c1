package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.it.VisitorClient.Answer;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The agent pass key lives only as long as the application: after a restart (here a redeployment,
 * which starts the application afresh) a pass from before is refused at the viewer socket.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class AgentPassRestartIT {

    private static final String NAME = "tandem-restart";

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = NAME, managed = false, testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    @Test
    void aPassFromBeforeARestartIsRefused() {
        deployer.deploy(NAME);
        try {
            TestGroups.group().id("demo").origins("https://acme.example").create();
            Answer started = VisitorClient.from("https://acme.example").start("demo");
            String pass = AgentClient.signIn("alice").passFor(started.string("key"), "demo");
            String ref = Rows.refOf(started.string("sessionId"));
            assertThat(ViewerSockets.handshake(ref, ViewerSockets.headers(AgentClient.ownOrigin(), pass, "198.21.0.1"))).isEqualTo(101);

            deployer.undeploy(NAME);
            deployer.deploy(NAME);

            String ip = "198.21." + ThreadLocalRandom.current().nextInt(1, 255) + "." + ThreadLocalRandom.current().nextInt(1, 255);
            long since = Rows.lastAuditId();
            assertThat(ViewerSockets.handshake(ref, ViewerSockets.headers(AgentClient.ownOrigin(), pass, ip))).isEqualTo(403);
            assertThat(Rows.auditFrom(ip, since)).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo("SOCKET_REFUSED");
                assertThat(a.reason()).isEqualTo("bad_cookie");
            });
        } finally {
            deployer.undeploy(NAME);
        }
    }
}
