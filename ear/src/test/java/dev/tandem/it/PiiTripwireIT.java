package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.demo.DemoSite;
import dev.tandem.it.StreamClients.Visitor;
import dev.tandem.it.VisitorClient.Answer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The PII tripwire. In Chromium, on the demo bank's payment page where nothing is marked: card
 * numbers and IBANs in text, attributes, a typed input and content added later never leave the
 * visitor's browser, the viewer shows them masked, and what the visitor script reported is audited
 * (PII_TRIPPED, source visitor); and every fail-closed path of the capture (bad selector, bad
 * pattern, masking throwing in the capture's own pass or in rrweb's maskInputFn / maskTextFn, the
 * password watcher or the recorder failing to start, the tripwire throwing) stops the stream, sends
 * nothing more on any WebSocket frame and tells the visitor.
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
    private final List<AutoCloseable> browsers = new ArrayList<>();

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
    void closeBrowsers() throws Exception {
        for (AutoCloseable browser : browsers) {
            browser.close();
        }
        browsers.clear();
    }

    private ChromeDriver chromium() {
        ChromeDriver browser = Chromium.start();
        browsers.add(browser::quit);
        return browser;
    }

    private VisitorBrowser visitorOn(String page) {
        VisitorBrowser visitor = new VisitorBrowser();
        browsers.add(visitor);
        return visitor.open(site.url() + page);
    }

    @Test
    void cardNumbersAndIbansNeverLeaveTheVisitorsBrowserAndTheViewerShowsThemMasked() {
        VisitorBrowser browser = visitorOn("pii.html");
        ChromeDriver visitor = browser.driver;
        ChromeDriver agent = chromium();
        WebDriverWait agentWait = new WebDriverWait(agent, Duration.ofSeconds(40));
        String key = browser.share();
        VisitorBrowser.join(agent, agentWait, "alice", key);
        agentWait.until(d -> BrowserJourney.inReplay(d, r -> !r.findElements(By.id("plain")).isEmpty()));

        visitor.findElement(By.id("free")).sendKeys("4012 8888 8888 1881", Keys.TAB);
        visitor.executeScript("var p = document.createElement('p'); p.id = 'later';"
                + "p.textContent = 'Amex 378282246310005 to GB82 WEST 1234 5698 7654 32';"
                + "p.setAttribute('aria-label', 'card 6011111111111117'); document.querySelector('main').appendChild(p);");
        visitor.findElement(By.id("nickname")).sendKeys("tripwire-done", Keys.TAB);
        agentWait.until(d -> BrowserJourney.inReplay(d, r -> {
            List<WebElement> nick = r.findElements(By.id("nickname"));
            return !nick.isEmpty() && "tripwire-done".equals(nick.get(0).getDomProperty("value"));
        }));
        agentWait.until(d -> BrowserJourney.inReplay(d, r -> !r.findElements(By.id("later")).isEmpty()));

        String frames = browser.framesSent();
        assertThat(frames).as("visitor's WebSocket frames").contains("tripwire-done").contains("\"tripped\"");
        // Whole numbers or parts with their separators: bare four-digit parts also occur in timestamps and ids.
        for (String secret : List.of("4111 1111", "4111111111111111", "DE89", "3704 0044", "37040044", "5555555555554444",
                "4012 8888", "8888 1881", "378282246310005", "GB82", "5698 7654", "6011111111111117")) {
            assertThat(frames).as("frames carry " + secret).doesNotContain(secret);
        }
        String replay = BrowserJourney.inReplay(agent, WebDriver::getPageSource);
        assertThat(replay).contains("Card **** **** **** ****").doesNotContain("4111 1111").doesNotContain("DE89")
                .doesNotContain("5555555555554444").doesNotContain("378282246310005").doesNotContain("GB82");
        String typed = BrowserJourney.inReplay(agent, r -> r.findElement(By.id("free")).getDomProperty("value"));
        String title = BrowserJourney.inReplay(agent, r -> r.findElement(By.id("attr")).getDomAttribute("title"));
        assertThat(typed).isEqualTo("**** **** **** ****");
        assertThat(title).isEqualTo("Account **********************");
        ServerTraces.assertNowhere("4111 1111 1111 1111");
        // What the visitor script reported ("tripped": kinds and counts) is audited once per kind, without a value.
        String ref = browser.sessionRef();
        within(ref, 10).until(r -> Rows.auditOfSession(r).stream().filter(a -> a.type().equals("PII_TRIPPED")).count() == 2);
        assertThat(Rows.auditOfSession(ref)).filteredOn(a -> a.type().equals("PII_TRIPPED")).allSatisfy(a -> {
            assertThat(a.groupId()).isEqualTo("demo");
            assertThat(a.actor()).isEqualTo("visitor");
            assertThat(a.detail().getString("source")).isEqualTo("visitor");
            assertThat(Integer.parseInt(a.detail().getString("count"))).isPositive();
            assertThat(a.detail().toString()).doesNotContain("1111").doesNotContain("3704").doesNotContain("5555");
        }).extracting(a -> a.detail().getString("kind")).containsExactlyInAnyOrder("card", "iban");
    }

    @Test
    void anInvalidSelectorStopsSharingBeforeAnythingIsStreamed() {
        TestGroups.maskSelectors("demo-failclosed", "[\"div[\"]");
        TestGroups.piiTripwire("demo-failclosed", "MASK", "[]");
        assertFailsClosed("bad_selector", null, null);
    }

    @Test
    void anInvalidPatternStopsSharingBeforeAnythingIsStreamed() {
        TestGroups.maskSelectors("demo-failclosed", "[]");
        TestGroups.piiTripwire("demo-failclosed", "MASK", "[\"(a+)+$\"]");
        assertFailsClosed("bad_pattern", null, null);
    }

    @Test
    void maskingThatThrowsStopsTheStream() {
        TestGroups.maskSelectors("demo-failclosed", "[]");
        TestGroups.piiTripwire("demo-failclosed", "MASK", "[]");
        // Throws only for the capture's mask selector: rrweb's own use of it swallows the error (and would
        // then not mask: the fail-open the capture guards against), the capture's must stop the stream.
        assertFailsClosed("masking_failed", null, "var closest = Element.prototype.closest;"
                + "Element.prototype.closest = function (s) {"
                + "  if (String(s).indexOf('tandem-masked') >= 0) { throw new Error('broken page'); }"
                + "  return closest.call(this, s); };");
    }

    @Test
    void aTripwireThatThrowsStopsTheStream() {
        TestGroups.maskSelectors("demo-failclosed", "[]");
        TestGroups.piiTripwire("demo-failclosed", "MASK", "[]");
        // Throws only for the text added after it, so that nothing else on the page (nor WebDriver) is disturbed.
        assertFailsClosed("tripwire_failed", null, "var charAt = String.prototype.charAt;"
                + "String.prototype.charAt = function (i) {"
                + "  if (String(this).indexOf('after the break') >= 0) { throw new Error('broken page'); }"
                + "  return charAt.call(this, i); };");
    }

    @Test
    void aMaskInputFnThatThrowsStopsTheStream() {
        TestGroups.maskSelectors("demo-failclosed", "[]");
        TestGroups.piiTripwire("demo-failclosed", "MASK", "[]");
        // rrweb asks maskInputFn about a typed value before anything else looks at the field: break only
        // that field's look-up of the mask selector, then type into it.
        assertFailsClosed("masking_failed",
                "var field = document.createElement('input'); field.id = 'typed'; document.querySelector('main').appendChild(field);",
                "var field = document.getElementById('typed'); var closest = field.closest;"
                        + "field.closest = function (s) {"
                        + "  if (String(s).indexOf('tandem-masked') >= 0) { throw new Error('broken page'); }"
                        + "  return closest.call(this, s); };"
                        + "field.value = 'after the break 1234'; field.dispatchEvent(new Event('input', { bubbles: true }));");
    }

    @Test
    void aMaskTextFnThatThrowsStopsTheStream() {
        TestGroups.maskSelectors("demo-failclosed", "[]");
        TestGroups.piiTripwire("demo-failclosed", "MASK", "[]");
        // rrweb hands the text of a masked region to maskTextFn, which masks it with String.replace.
        assertFailsClosed("masking_failed", null, "var replace = String.prototype.replace;"
                + "String.prototype.replace = function () {"
                + "  if (String(this).indexOf('after the break') >= 0) { throw new Error('broken page'); }"
                + "  return replace.apply(this, arguments); };"
                + "var hidden = document.createElement('p'); hidden.className = 'tandem-masked';"
                + "hidden.textContent = 'after the break: masked'; document.querySelector('main').appendChild(hidden);");
    }

    @Test
    void aPasswordWatcherThatCannotStartStopsSharingBeforeAnythingIsStreamed() {
        TestGroups.maskSelectors("demo-failclosed", "[]");
        TestGroups.piiTripwire("demo-failclosed", "MASK", "[]");
        // The capture watches type changes (a "show password" button) with a MutationObserver filtered on type.
        assertFailsClosed("masking_failed", "var observe = MutationObserver.prototype.observe;"
                + "MutationObserver.prototype.observe = function (target, options) {"
                + "  if (options && options.attributeFilter) { throw new Error('broken page'); }"
                + "  return observe.call(this, target, options); };", null);
    }

    @Test
    void aRecorderThatCannotStartStopsSharingBeforeAnythingIsStreamed() {
        TestGroups.maskSelectors("demo-failclosed", "[]");
        TestGroups.piiTripwire("demo-failclosed", "MASK", "[]");
        // rrweb.record() swallows its own errors and returns no stop function: the capture must not go on.
        // document.readyState throws when the capture's bundle (rrweb.record) reads it, for nobody else.
        assertFailsClosed("recorder_failed", "var ready = Object.getOwnPropertyDescriptor(Document.prototype, 'readyState').get;"
                + "Object.defineProperty(document, 'readyState', { configurable: true, get: function () {"
                + "  if (String(new Error().stack).indexOf('tandem-capture.js') >= 0) { throw new Error('broken page'); }"
                + "  return ready.call(this); } });", null);
    }

    /**
     * Opens the fail-closed page, runs {@code beforeSharing} (if any) and starts sharing; with
     * {@code breakPage} null the capture must fail at once (before any events message), otherwise once
     * streaming the page runs it and adds a paragraph: the capture must then fail, and nothing added
     * afterwards may be sent. Either way the visitor is told sharing is paused.
     */
    private void assertFailsClosed(String reason, String beforeSharing, String breakPage) {
        VisitorBrowser visitor = visitorOn("failclosed.html");
        if (beforeSharing != null) {
            visitor.driver.executeScript(beforeSharing);
        }
        visitor.share();
        if (breakPage != null) {
            visitor.wait.until(d -> visitor.states().contains("streaming:"));
            visitor.wait.until(d -> visitor.framesSent().contains("\"events\"")); // streaming for real
            visitor.driver.executeScript(breakPage + "document.querySelector('main').appendChild(document.createElement('p'))"
                    + ".textContent = 'after the break';");
        }
        visitor.wait.until(d -> visitor.states().contains("failed:" + reason));
        visitor.driver.executeScript("document.querySelector('main').appendChild(document.createElement('p')).textContent = 'too late';");
        visitor.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tandem-status"), "Sharing paused"));
        String frames = visitor.framesSent();
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
