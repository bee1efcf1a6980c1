package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Live co-browsing end to end in real headless Chromium: a visitor on the demo bank, agents in the
 * sandboxed viewer. What the visitor types, scrolls and changes appears; a canary typed into every
 * kind of masked field never leaves the visitor's browser (no WebSocket frame carries it) nor reaches
 * the viewer; a hostile page runs nothing in the viewer; a second agent sees the current page.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class StreamJourneyIT extends BrowserJourney {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    @BeforeAll
    static void blockTheOffers() {
        TestGroups.blockSelectors("demo", "[\"#offers\"]");
    }

    private String shareFrom(String page) {
        visitor.get(site.url() + page);
        return VisitorBrowser.share(visitor, visitorWait);
    }

    /**
     * A page as large as a bank statement: its full snapshot leaves the visitor's browser as one
     * binary frame (the zlib stream of the events message, docs/protocol.md), a fraction of its
     * text, and the agent's viewer renders it all.
     */
    @Test
    void aLargePagesSnapshotTravelsCompressedAndTheAgentSeesIt() {
        visitor.get(site.url() + "accounts.html");
        visitor.executeScript("var t = document.createElement('table'); t.id = 'statement';"
                + "for (var i = 0; i < 2000; i++) { var r = t.insertRow(); r.insertCell().textContent = 'Line ' + i;"
                + "  r.insertCell().textContent = (i * 37 % 1000) + '.' + (i % 100) + ' EUR'; }"
                + "document.querySelector('main').appendChild(t);");
        String key = VisitorBrowser.share(visitor, visitorWait);
        VisitorBrowser.join(agent, agentWait, "alice", key);

        agentWait.until(d -> inReplay(d, r -> !r.findElements(By.xpath("//td[text()='Line 1999']")).isEmpty()));
        List<SentFrame> frames = new java.util.ArrayList<>();
        for (JsonObject message : devToolsMessages(visitor)) {
            if ("Network.webSocketFrameSent".equals(message.getString("method", ""))) {
                frames.add(SentFrame.of(message.getJsonObject("params").getJsonObject("response")));
            }
        }
        java.util.regex.Pattern fullSnapshot = java.util.regex.Pattern.compile("\\{\"type\":2,(\"timestamp\":\\d+,)?\"data\":\\{\"node\"");
        List<SentFrame> snapshots = frames.stream().filter(f -> fullSnapshot.matcher(f.text()).find()).toList();
        assertThat(snapshots).as("frames carrying a full snapshot (the first, and the fresh one for the agent)").isNotEmpty()
                .allSatisfy(f -> {
                    assertThat(f.binary()).as("sent compressed").isTrue();
                    assertThat(f.text()).startsWith("{\"type\":\"events\",\"seq\":").contains("Line 1999");
                    assertThat(f.wireBytes()).as("bytes on the wire against the text's").isLessThan(f.text().length() / 3);
                });
        assertThat(frames).as("the hello and small batches stay text").anyMatch(f -> !f.binary() && f.text().contains("\"hello\""));
    }

    @Test
    void theAgentSeesWhatTheVisitorDoesButNeverAMaskedValue() {
        String canary = canary();
        String key = shareFrom("masking.html");
        VisitorBrowser.join(agent, agentWait, "alice", key);

        visitor.findElement(By.id("nickname")).sendKeys("visible-nick", Keys.TAB); // rrweb samples inputs on change
        agentWait.until(d -> "visible-nick".equals(replayValue(d, "nickname")));

        visitor.findElement(By.id("iban")).sendKeys(canary, Keys.TAB);
        visitor.findElement(By.id("pin")).sendKeys(canary, Keys.TAB);
        visitor.findElement(By.id("pin-shown")).sendKeys(canary, Keys.TAB);
        visitor.findElement(By.id("reveal")).click();
        visitor.findElement(By.id("pin-shown")).sendKeys("X", Keys.TAB);
        visitor.findElement(By.id("notes")).sendKeys(canary, Keys.TAB);
        new Select(visitor.findElement(By.id("question"))).selectByValue("pet");
        visitor.findElement(By.id("fill")).click();
        visitor.executeScript("document.getElementById('secret-text').textContent = arguments[0]", canary);
        visitor.executeScript("document.getElementById('iban').setAttribute('placeholder', arguments[0]);"
                + "document.getElementById('iban').setAttribute('title', arguments[0]);", canary);
        visitor.executeScript("window.scrollTo(0, 400); document.body.appendChild(document.createElement('p')).id = 'added-later';");
        visitor.findElement(By.id("nickname")).sendKeys("-done", Keys.TAB);

        agentWait.until(d -> "visible-nick-done".equals(replayValue(d, "nickname")));
        agentWait.until(d -> inReplay(d, r -> !r.findElements(By.id("added-later")).isEmpty()));
        // A masked element's id arrives as asterisks too: found by the (unmasked) label pointing at it.
        String iban = inReplay(agent, d -> d.findElement(By.cssSelector("label[for=iban] + input")).getDomProperty("value"));
        assertThat(iban).isNotEmpty().doesNotContain(canary).matches("\\**");
        assertThat(inReplay(agent, WebDriver::getPageSource)).doesNotContain(canary).doesNotContain("secret placeholder")
                .doesNotContain("secret title").doesNotContain("Account holder secret text");
        boolean offersRebuilt = inReplay(agent, r -> !r.findElements(By.id("offers")).isEmpty());
        assertThat(offersRebuilt).as("blocked region is not rebuilt").isFalse();
        assertThat(framesSentBy(visitor)).as("visitor's WebSocket frames").contains("visible-nick").doesNotContain(canary);
        assertThat(agent.findElement(By.id("viewer-url")).getText()).startsWith(site.url());

        visitor.findElement(By.id("tandem-stop")).click();
        agentWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("viewer-connection"), "ended"));
        ServerTraces.assertNowhere(canary);
    }

    @Test
    void aHostilePageRunsNothingInTheViewerAndALateAgentSeesTheCurrentPage() {
        long since = Rows.lastAuditId();
        String key = shareFrom("hostile.html");
        VisitorBrowser.join(agent, agentWait, "alice", key);
        agentWait.until(d -> inReplay(d, r -> !r.findElements(By.id("h-link")).isEmpty()));

        assertThatNoDialog(agent);
        inReplay(agent, r -> {
            assertThat(r.findElement(By.id("h-img")).getDomAttribute("onerror")).isNull();
            String href = r.findElement(By.id("h-link")).getDomAttribute("href");
            assertThat(href == null ? "" : href).doesNotContainIgnoringCase("javascript");
            assertThat(r.findElements(By.cssSelector("iframe, [srcdoc]"))).isEmpty();
            assertThat(r.findElements(By.cssSelector("script[src], object[data], embed"))).isEmpty();
            return null;
        });
        String iframeSandbox = agent.findElement(By.cssSelector("#viewer-stage iframe")).getDomAttribute("sandbox");
        assertThat(iframeSandbox).isEqualTo("allow-same-origin");

        ChromeDriver second = Chromium.start();
        try {
            WebDriverWait secondWait = new WebDriverWait(second, Duration.ofSeconds(40));
            VisitorBrowser.join(second, secondWait, "bob", key);
            secondWait.until(d -> inReplay(d, r -> !r.findElements(By.id("h-link")).isEmpty()));
            assertThatNoDialog(second);
        } finally {
            second.quit();
        }
        assertThatNoDialog(agent);
        // the hostile page's loads from evil.test went to the asset proxy, which refused them unfetched
        agentWait.until(d -> Rows.auditOfType("PROXY_REFUSED", since).stream()
                .anyMatch(a -> a.detail().getString("host", "").equals("evil.test")
                        && a.detail().getString("reason", "").equals("host_not_allowed")));
        // and a load that escaped the relay's rewriting would still be blocked by the viewer's CSP, and reported
        agent.executeScript("const doc = document.querySelector('#viewer-stage iframe').contentDocument;"
                + "const img = doc.createElement('img'); img.src = 'https://evil.test/escaped.png'; doc.body.appendChild(img);");
        agentWait.until(d -> Rows.auditOfType("CSP_VIOLATION", since).stream()
                .anyMatch(a -> a.detail().getString("blocked", "").equals("https://evil.test")
                        && a.detail().getString("document", "").endsWith("/agent/viewer.html")));
    }

    private static void assertThatNoDialog(WebDriver browser) {
        try {
            String text = browser.switchTo().alert().getText();
            throw new AssertionError("a dialog opened in the viewer: " + text);
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
    }
}
