package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Two real Chromium browsers: a visitor on the demo bank shares the page and reads the key; a demo
 * agent signs in, types the key, and reaches the viewer over the gated WebSocket with an agent pass
 * cookie that is __Host-, Secure, HttpOnly and SameSite=Strict; the visitor's page then says that
 * the agent is viewing. When the visitor stops, the viewer says the session ended.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class JoinJourneyIT extends BrowserJourney {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    @Test
    void anAgentJoinsByKeyAndTheVisitorSeesThem() {
        visitor.get(site.url() + "index.html");
        visitor.findElement(By.cssSelector("[data-tandem-start]")).click();
        visitorWait.until(ExpectedConditions.elementToBeClickable(By.id("tandem-consent-accept"))).click();
        String key = visitorWait.until(d -> {
            String text = d.findElement(By.id("tandem-session-key")).getText().replaceAll("\\s", "");
            return text.matches("[0-9]{6}") ? text : null;
        });

        SignIn.as(agent, agentWait, "alice");
        agentWait.until(ExpectedConditions.textToBe(By.id("agent-status"), "Signed in as Alice Agent (alice)"));
        agentWait.until(ExpectedConditions.elementToBeClickable(By.id("join-key"))).sendKeys(key);
        agent.findElement(By.id("join-submit")).click();

        agentWait.until(ExpectedConditions.urlContains("/agent/viewer.html"));
        agentWait.until(ExpectedConditions.textToBe(By.id("viewer-connection"), "Connected"));
        assertThat(agent.findElement(By.id("viewer-session-key")).getText()).isEqualTo(key);
        assertThat(agent.findElement(By.id("viewer-origin")).getText()).isEqualTo(site.origin());

        Cookie pass = agent.manage().getCookieNamed("__Host-tandem-agent");
        assertThat(pass).as("agent pass cookie").isNotNull();
        assertThat(pass.isSecure()).isTrue();
        assertThat(pass.isHttpOnly()).isTrue();
        assertThat(pass.getSameSite()).isEqualTo("Strict");
        assertThat(pass.getPath()).isEqualTo("/");
        assertThat(pass.getDomain()).isEqualTo("localhost");
        assertThat(pass.getValue().length()).isLessThan(4096);
        assertThat(agent.manage().getCookieNamed("__Host-tandem-join")).as("the ticket is used up and gone").isNull();
        assertThat(agent.executeScript("return document.cookie")).as("no script sees the cookies").isEqualTo("");

        visitorWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tandem-agents"), "Alice Agent"));

        visitor.findElement(By.id("tandem-stop")).click();
        agentWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("viewer-connection"), "ended"));
    }
}
