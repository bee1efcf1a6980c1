package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.demo.DemoSite;
import dev.tandem.it.StreamClients.Visitor;
import dev.tandem.it.VisitorClient.Answer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The PII tripwire. In Chromium, on the demo bank's payment page where nothing is marked: card
 * numbers and IBANs in text, attributes, a typed input and content added later never leave the
 * visitor's browser and the viewer shows them masked; and every fail-closed path of the capture
 * (bad selector, bad pattern, masking or tripwire throwing) stops the stream and tells the visitor.
 * Against a forged stream (a raw WebSocket, no visitor script, so nothing was masked in a browser):
 * a card number and an IBAN reach no agent, PII_TRIPPED is written once per session and kind without
 * the value, MASK_AND_END ends the session, and a group with an invalid pattern gets no stream.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class PiiTripwireIT {

    private static final String SITE = "https://pii.example";
    private static final String CARD = "4111 1111 1111 1111";
    private static final String IBAN = "DE89370400440532013000";
    private static AgentClient alice;
    private static DemoSite site;
    private final List<ChromeDriver> browsers = new ArrayList<>();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    @BeforeAll
    static void setUp() throws IOException {
        site = DemoSite.start(TestEnvironment.sitePort(), TestEnvironment.appBase().toString());
        // Agents viewing need a group they are in (alice: demo, whose policy is the default, MASK).
        TestGroups.group().id("demo").origins(site.origin(), SITE).create();
        TestGroups.group().id("demo-failclosed").origins(site.origin()).create();
        TestGroups.group().id("pii-end").origins(SITE).create();
        TestGroups.piiTripwire("pii-end", "MASK_AND_END", "[]");
        TestGroups.group().id("pii-badpattern").origins(SITE).create();
        TestGroups.piiTripwire("pii-badpattern", "MASK", "[\"(a+)+$\"]");
        alice = AgentClient.signIn("alice");
    }

    @AfterAll
    static void stopTheDemoSite() {
        site.close();
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(ChromeDriver::quit);
        browsers.clear();
    }

    private ChromeDriver chromium() {
        ChromeDriver browser = Chromium.start();
        browsers.add(browser);
        return browser;
    }

    /** Opens the payment page, notes every capture state in window.tandemStates, and starts sharing; returns the key. */
    private static String share(ChromeDriver visitor, WebDriverWait wait, String page) {
        visitor.get(site.url() + page);
        visitor.executeScript("window.tandemStates = [];"
                + "document.addEventListener('tandem:capture-state', function (e) {"
                + "  window.tandemStates.push(e.detail.state + ':' + (e.detail.reason || '')); });");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-tandem-start]"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("tandem-consent-accept"))).click();
        return wait.until(d -> {
            String text = d.findElement(By.id("tandem-session-key")).getText().replaceAll("\\s", "");
            return text.matches("[0-9]{6}") ? text : null;
        });
    }

    private static String states(ChromeDriver visitor) {
        return String.valueOf(visitor.executeScript("return window.tandemStates.join(' ');"));
    }

    private static void joinAs(ChromeDriver browser, WebDriverWait wait, String user, String key) {
        SignIn.as(browser, wait, user);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("join-key"))).sendKeys(key);
        browser.findElement(By.id("join-submit")).click();
        wait.until(ExpectedConditions.urlContains("/agent/viewer.html"));
        wait.until(ExpectedConditions.textToBe(By.id("viewer-connection"), "Connected"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#viewer-stage iframe")));
    }

    private static <T> T inReplay(WebDriver browser, Function<WebDriver, T> check) {
        browser.switchTo().frame(browser.findElement(By.cssSelector("#viewer-stage iframe")));
        try {
            return check.apply(browser);
        } finally {
            browser.switchTo().defaultContent();
        }
    }

    /** Every WebSocket frame the browser sent, as DevTools recorded it. */
    private static String framesSentBy(ChromeDriver browser) {
        StringBuilder frames = new StringBuilder();
        for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE).getAll()) {
            JsonObject message = Json.createReader(new StringReader(entry.getMessage())).readObject().getJsonObject("message");
            if ("Network.webSocketFrameSent".equals(message.getString("method", ""))) {
                frames.append(message.getJsonObject("params").getJsonObject("response").getString("payloadData", "")).append('\n');
            }
        }
        return frames.toString();
    }

    @Test
    void cardNumbersAndIbansNeverLeaveTheVisitorsBrowserAndTheViewerShowsThemMasked() {
        ChromeDriver visitor = chromium();
        ChromeDriver agent = chromium();
        WebDriverWait visitorWait = new WebDriverWait(visitor, Duration.ofSeconds(40));
        WebDriverWait agentWait = new WebDriverWait(agent, Duration.ofSeconds(40));
        String key = share(visitor, visitorWait, "pii.html");
        joinAs(agent, agentWait, "alice", key);
        agentWait.until(d -> inReplay(d, r -> !r.findElements(By.id("plain")).isEmpty()));

        visitor.findElement(By.id("free")).sendKeys("4012 8888 8888 1881", Keys.TAB);
        visitor.executeScript("var p = document.createElement('p'); p.id = 'later';"
                + "p.textContent = 'Amex 378282246310005 to GB82 WEST 1234 5698 7654 32';"
                + "p.setAttribute('aria-label', 'card 6011111111111117'); document.querySelector('main').appendChild(p);");
        visitor.findElement(By.id("nickname")).sendKeys("tripwire-done", Keys.TAB);
        agentWait.until(d -> inReplay(d, r -> {
            List<WebElement> nick = r.findElements(By.id("nickname"));
            return !nick.isEmpty() && "tripwire-done".equals(nick.get(0).getDomProperty("value"));
        }));
        agentWait.until(d -> inReplay(d, r -> !r.findElements(By.id("later")).isEmpty()));

        String frames = framesSentBy(visitor);
        assertThat(frames).as("visitor's WebSocket frames").contains("tripwire-done").contains("\"tripped\"");
        // Whole numbers or parts with their separators: bare four-digit parts also occur in timestamps and ids.
        for (String secret : List.of("4111 1111", "4111111111111111", "DE89", "3704 0044", "37040044", "5555555555554444",
                "4012 8888", "8888 1881", "378282246310005", "GB82", "5698 7654", "6011111111111117")) {
            assertThat(frames).as("frames carry " + secret).doesNotContain(secret);
        }
        String replay = inReplay(agent, WebDriver::getPageSource);
        assertThat(replay).contains("Card **** **** **** ****").doesNotContain("4111 1111").doesNotContain("DE89")
                .doesNotContain("5555555555554444").doesNotContain("378282246310005").doesNotContain("GB82");
        String typed = inReplay(agent, r -> r.findElement(By.id("free")).getDomProperty("value"));
        String title = inReplay(agent, r -> r.findElement(By.id("attr")).getDomAttribute("title"));
        assertThat(typed).isEqualTo("**** **** **** ****");
        assertThat(title).isEqualTo("Account **********************");
        ServerTraces.assertNowhere("4111 1111 1111 1111");
    }

    @Test
    void anInvalidSelectorStopsSharingBeforeAnythingIsStreamed() {
        TestGroups.maskSelectors("demo-failclosed", "[\"div[\"]");
        TestGroups.piiTripwire("demo-failclosed", "MASK", "[]");
        assertFailsClosed("bad_selector", null);
    }

    @Test
    void anInvalidPatternStopsSharingBeforeAnythingIsStreamed() {
        TestGroups.maskSelectors("demo-failclosed", "[]");
        TestGroups.piiTripwire("demo-failclosed", "MASK", "[\"(a+)+$\"]");
        assertFailsClosed("bad_pattern", null);
    }

    @Test
    void maskingThatThrowsStopsTheStream() {
        TestGroups.maskSelectors("demo-failclosed", "[]");
        TestGroups.piiTripwire("demo-failclosed", "MASK", "[]");
        // Throws only for the capture's mask selector: rrweb's own use of it swallows the error (and would
        // then not mask: the fail-open the capture guards against), the capture's must stop the stream.
        assertFailsClosed("masking_failed", "var closest = Element.prototype.closest;"
                + "Element.prototype.closest = function (s) {"
                + "  if (String(s).indexOf('tandem-masked') >= 0) { throw new Error('broken page'); }"
                + "  return closest.call(this, s); };");
    }

    @Test
    void aTripwireThatThrowsStopsTheStream() {
        TestGroups.maskSelectors("demo-failclosed", "[]");
        TestGroups.piiTripwire("demo-failclosed", "MASK", "[]");
        // Throws only for the text added after it, so that nothing else on the page (nor WebDriver) is disturbed.
        assertFailsClosed("tripwire_failed", "var charAt = String.prototype.charAt;"
                + "String.prototype.charAt = function (i) {"
                + "  if (String(this).indexOf('after the break') >= 0) { throw new Error('broken page'); }"
                + "  return charAt.call(this, i); };");
    }

    /**
     * Starts sharing; with {@code breakPage} null the capture must fail at once (before any events
     * message), otherwise once streaming the page runs it and adds a paragraph: the capture must then
     * fail, and nothing added afterwards may be sent. Either way the visitor is told sharing is paused.
     */
    private void assertFailsClosed(String reason, String breakPage) {
        ChromeDriver visitor = chromium();
        WebDriverWait wait = new WebDriverWait(visitor, Duration.ofSeconds(40));
        share(visitor, wait, "failclosed.html");
        if (breakPage != null) {
            wait.until(d -> states(visitor).contains("streaming:"));
            wait.until(d -> framesSentBy(visitor).contains("\"events\"")); // streaming for real
            visitor.executeScript(breakPage + "document.querySelector('main').appendChild(document.createElement('p'))"
                    + ".textContent = 'after the break';");
        }
        wait.until(d -> states(visitor).contains("failed:" + reason));
        visitor.executeScript("document.querySelector('main').appendChild(document.createElement('p')).textContent = 'too late';");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tandem-status"), "Sharing paused"));
        String frames = framesSentBy(visitor);
        assertThat(frames).doesNotContain("too late").doesNotContain("after the break");
        if (breakPage == null) {
            assertThat(frames).doesNotContain("\"events\"");
        }
    }

    private record Live(String ref, String key, String token) {
    }

    private static Live live(String group) {
        Answer started = VisitorClient.from(SITE).start(group);
        assertThat(started.status()).isEqualTo(201);
        return new Live(Rows.refOf(started.string("sessionId")), started.string("key"), started.string("token"));
    }

    private static <T> FluentWait<T> within(T subject, int seconds) {
        return new FluentWait<>(subject).withTimeout(Duration.ofSeconds(seconds)).pollingEvery(Duration.ofMillis(50));
    }

    private static String all(ViewerSockets.Open agent) {
        return String.join("\n", agent.messages);
    }

    @Test
    void aForgedStreamsCardAndIbanReachNoAgentAndAreAuditedOncePerKind() {
        Live s = live("demo");
        Visitor visitor = Visitor.open(SITE).hello(s.token(), "demo");
        within(visitor, 10).until(v -> v.received.stream().anyMatch(m -> m.contains("\"ready\"")));
        ViewerSockets.Open agent = ViewerSockets.open(s.ref(), alice.passFor(s.key(), "demo"));
        within(agent, 10).until(a -> !a.messages.isEmpty());

        visitor.events(StreamClients.meta(1), StreamClients.snapshot(2,
                "{\"type\":2,\"id\":4,\"tagName\":\"p\",\"attributes\":{\"title\":\"" + IBAN + "\"},\"childNodes\":["
                        + "{\"type\":3,\"id\":6,\"textContent\":\"Card " + CARD + "\"}]}"));
        visitor.events(StreamClients.text(3, 6, "again " + CARD)); // the fast path: passed as the visitor's text before
        visitor.events(StreamClients.text(4, 6, "done"));
        within(agent, 10).until(a -> all(a).contains("\"done\""));

        assertThat(all(agent)).doesNotContain("1111 1111").doesNotContain("37040044").contains("Card **** **** **** ****")
                .contains("again **** **** **** ****");
        within(s, 10).until(x -> Rows.auditOfSession(x.ref()).stream().filter(a -> a.type().equals("PII_TRIPPED")).count() == 2);
        assertThat(Rows.auditOfSession(s.ref())).filteredOn(a -> a.type().equals("PII_TRIPPED")).allSatisfy(a -> {
            assertThat(a.groupId()).isEqualTo("demo");
            assertThat(a.detail().getString("source")).isEqualTo("relay");
            assertThat(a.detail().toString()).doesNotContain("1111 1111").doesNotContain("37040044");
        }).extracting(a -> a.detail().getString("kind")).containsExactlyInAnyOrder("card", "iban");
        assertThat(visitor.isOpen()).isTrue();
        assertThat(Rows.session(s.ref()).orElseThrow().endedAt()).isNull();
        visitor.close();
    }

    @Test
    void maskAndEndEndsTheSessionAtTheFirstHit() throws Exception {
        Live s = live("pii-end");
        Visitor visitor = Visitor.open(SITE).hello(s.token(), "pii-end");
        within(visitor, 10).until(v -> v.received.stream().anyMatch(m -> m.contains("\"ready\"")));

        visitor.events(StreamClients.meta(1), StreamClients.snapshot(2, "{\"type\":3,\"id\":4,\"textContent\":\"SSN 123-45-6789\"}"));

        assertThat(visitor.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(Rows.session(s.ref()).orElseThrow().endReason()).isEqualTo("PII_TRIPPED");
        assertThat(Rows.auditOfSession(s.ref())).filteredOn(a -> a.type().equals("PII_TRIPPED")).singleElement()
                .satisfies(a -> assertThat(a.detail().getString("kind")).isEqualTo("ssn"));
        assertThat(Rows.auditOfSession(s.ref())).filteredOn(a -> a.type().equals("SESSION_ENDED")).singleElement()
                .satisfies(a -> assertThat(a.reason()).isEqualTo("PII_TRIPPED"));
    }

    @Test
    void aGroupWithAnInvalidPatternGetsNoStream() throws Exception {
        Live s = live("pii-badpattern");
        Visitor visitor = Visitor.open(SITE).hello(s.token(), "pii-badpattern");
        assertThat(visitor.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(1008);
        assertThat(visitor.received).noneMatch(m -> m.contains("\"ready\""));
    }
}
