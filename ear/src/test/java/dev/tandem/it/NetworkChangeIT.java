package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Forced sign-in on a network change (issue 18, seed 003), in Chromium against the real server and
 * identity provider. This deployment alone runs with {@code tandem.agent.bind-ip=true} (a
 * MicroProfile Config file in the deployed EAR, see {@link Deployments#tandemEarConfigured}); the
 * other tests deploy the EAR as built. The agent's network is the address the test server's trusted
 * proxy reports: the test server trusts loopback as its load balancer ({@code TANDEM_TRUSTED_PROXIES}
 * in ear/pom.xml), and the browser sends {@code X-Forwarded-For} through DevTools, as a balancer
 * would add it. The agent's pass opens a viewer socket only from the address it was redeemed from.
 * An agent who signed in and joined from one address and then makes a request from
 * another loses the sign-in at once: the request is refused, the live viewer socket closes and the
 * pass opens no other, the end is audited with both addresses, and the console sends them back to
 * the identity provider, also when the old address comes back.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class NetworkChangeIT {

    private static final String SITE = "https://acme.example";
    private static final String OFFICE = "198.51.100.20";
    private static final String CAFE = "203.0.113.7";

    private ChromeDriver agent;
    private WebDriverWait wait;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEarConfigured("tandem.agent.bind-ip=true");
    }

    @BeforeEach
    void openBrowser() {
        agent = Chromium.start();
        wait = new WebDriverWait(agent, Duration.ofSeconds(30));
    }

    @AfterEach
    void closeBrowser() {
        agent.quit();
    }

    /** Every request the browser makes from now on reports {@code address} as its client, as a load balancer would. */
    private void browseFrom(String address) {
        agent.executeCdpCommand("Network.enable", Map.of());
        agent.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("X-Forwarded-For", address)));
    }

    /** {@code GET ../api/agent/me} from the page, as the console's script does: status and body. */
    private String me() {
        return (String) agent.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('../api/agent/me', {credentials: 'same-origin', redirect: 'manual'})"
                + ".then(r => r.text().then(t => done(r.status + ' ' + t)), e => done('error: ' + e));");
    }

    /** The SIGN_IN_ENDED rows of alice's move from the office to the cafe written after the audit row {@code since}. */
    private static long signInsEndedFromTheCafe(long since) {
        return Rows.auditOfType("SIGN_IN_ENDED", since).stream().filter(a -> "alice".equals(a.actor()) && CAFE.equals(a.sourceIp())
                && "network_changed".equals(a.detail().getString("reason", "")) && OFFICE.equals(a.detail().getString("signedInFrom", "")))
                .count();
    }

    /** A POST from the console page, as its script makes it: status and body. */
    private String post(String path, String json) {
        return (String) agent.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {method: 'POST', credentials: 'same-origin', redirect: 'manual',"
                + " headers: {Accept: 'application/json', 'Content-Type': 'application/json'}, body: arguments[1]})"
                + ".then(r => r.text().then(t => done(r.status + ' ' + t)), e => done('error: ' + e));", path, json);
    }

    /** A session of this test, and alice's pass for it, redeemed from the office. */
    private record Joined(String ref, String pass) {
    }

    /**
     * Alice signs in and joins a new session from the office, as the console does (Chromium adds no
     * DevTools headers to WebSocket handshakes, so viewer sockets are opened by the test); her pass
     * is bound to the office: from the cafe its viewer socket is refused and audited (a socket is no
     * sign-in request).
     */
    private Joined joinFromTheOfficeRefusedFromTheCafe() {
        TestGroups.group().id("demo").origins(SITE).create();
        VisitorClient.Answer started = VisitorClient.from(SITE).start("demo");
        String ref = Rows.refOf(started.string("sessionId"));
        browseFrom(OFFICE);
        SignIn.as(agent, wait, "alice");
        assertThat(me()).as("from the sign-in's own address").startsWith("200 ");
        assertThat(post("../api/agent/joins", "{\"key\":\"" + started.string("key") + "\",\"groupId\":\"demo\"}")).startsWith("201 ");
        assertThat(post("../api/agent/joins/redeem", "")).startsWith("200 ");
        String pass = agent.manage().getCookieNamed("__Host-tandem-agent").getValue();
        assertThat(ViewerSockets.handshake(ref, ViewerSockets.headers(AgentClient.ownOrigin(), pass, CAFE))).isNotEqualTo(101);
        assertThat(Rows.auditOfSession(ref)).anySatisfy(a -> {
            assertThat(a.type()).isEqualTo("SOCKET_REFUSED");
            assertThat(a.reason()).isEqualTo("ip_changed");
            assertThat(a.sourceIp()).isEqualTo(CAFE);
        });
        return new Joined(ref, pass);
    }

    @Test
    void anAgentsPassOpensAViewerOnlyFromTheAddressItWasRedeemedFrom() {
        Joined joined = joinFromTheOfficeRefusedFromTheCafe();
        ViewerSockets.Open viewer = ViewerSockets.openFrom(OFFICE, joined.ref(), joined.pass());
        assertThat(viewer.isOpen()).isTrue();
        viewer.close();
    }

    @Test
    void anAgentWhoseAddressChangesMustSignInAgainAndTheirViewerCloses() {
        Joined joined = joinFromTheOfficeRefusedFromTheCafe();
        String ref = joined.ref();
        String pass = joined.pass();
        ViewerSockets.Open viewer = ViewerSockets.openFrom(OFFICE, ref, pass);
        assertThat(viewer.isOpen()).isTrue();
        long since = Rows.lastAuditId();

        browseFrom(CAFE);
        assertThat(me()).startsWith("401 ").contains("\"error\":\"sign_in_required\"");
        assertThat(viewer.closeCode).as("the viewer socket of the ended sign-in closes as on sign-out (1008 signed out)")
                .succeedsWithin(Duration.ofSeconds(15)).isEqualTo(1008);
        assertThat(signInsEndedFromTheCafe(since)).as("SIGN_IN_ENDED rows: alice, from the cafe, network_changed, signed in at the office")
                .isEqualTo(1);

        browseFrom(OFFICE);
        assertThat(me()).as("the old address again: the sign-in is gone, the API sends the caller to the identity provider"
                + " (a redirect, opaque to fetch)").isEqualTo("0 ");
        assertThat(ViewerSockets.handshake(ref, ViewerSockets.headers(AgentClient.ownOrigin(), pass, OFFICE)))
                .as("the pass of the ended sign-in, from the office again").isNotEqualTo(101);
        agent.get(TestEnvironment.appBase().resolve("agent/").toString());
        wait.until(ExpectedConditions.urlContains("localhost:" + TestEnvironment.oidcPort() + "/tandem/authorize"));
    }
}
