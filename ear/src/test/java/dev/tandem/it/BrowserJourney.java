package dev.tandem.it;

import dev.tandem.demo.DemoSite;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The fixture of the browser journeys in which a visitor shares a demo page and an agent watches
 * (JoinJourneyIT, MaskingJourneyIT, StreamJourneyIT, GuidanceJourneyIT): the demo site with the group
 * {@code demo} allowed on its origin, a fresh visitor and agent Chromium for each test, and what
 * the tests read from them (the agent's replay, the visitor's WebSocket frames). A subclass sets the
 * group's options in its own {@code @BeforeAll} and {@code @BeforeEach}, which JUnit runs after
 * these; they must have other names than these, or they would hide them.
 */
abstract class BrowserJourney {

    static DemoSite site;

    ChromeDriver visitor;
    ChromeDriver agent;
    WebDriverWait visitorWait;
    WebDriverWait agentWait;

    @BeforeAll
    static void startTheDemoSite() throws IOException {
        site = DemoSite.start(TestEnvironment.sitePort(), TestEnvironment.appBase().toString());
        TestGroups.group().id("demo").origins(site.origin()).create();
    }

    @AfterAll
    static void stopTheDemoSite() {
        site.close();
    }

    @BeforeEach
    void openBrowsers() {
        visitor = Chromium.start();
        agent = Chromium.start();
        visitorWait = new WebDriverWait(visitor, Duration.ofSeconds(40));
        agentWait = new WebDriverWait(agent, Duration.ofSeconds(40));
    }

    @AfterEach
    void closeBrowsers() {
        visitor.quit();
        agent.quit();
    }

    /** A value no page holds: typed into a field, it must never leave the visitor's browser. */
    static String canary() {
        return "CANARY" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /**
     * Runs {@code check} inside the replay iframe of this agent's viewer; {@code null} (not yet, for
     * a wait) if the viewer replaced the iframe or its page while the check ran, as it does when a
     * full snapshot arrives.
     */
    static <T> T inReplay(WebDriver browser, Function<WebDriver, T> check) {
        try {
            browser.switchTo().frame(browser.findElement(By.cssSelector("#viewer-stage iframe")));
            return check.apply(browser);
        } catch (StaleElementReferenceException replaced) {
            return null;
        } finally {
            browser.switchTo().defaultContent();
        }
    }

    /** The value of the replayed element with this id ({@code null} while there is none). */
    static String replayValue(WebDriver browser, String id) {
        return inReplay(browser, d -> {
            List<WebElement> found = d.findElements(By.id(id));
            return found.isEmpty() ? null : found.get(0).getDomProperty("value");
        });
    }

    /** Every WebSocket frame the browser sent since the last read of its DevTools log (compressed ones inflated), one a line. */
    static String framesSentBy(ChromeDriver browser) {
        StringBuilder frames = new StringBuilder();
        for (JsonObject message : devToolsMessages(browser)) {
            if ("Network.webSocketFrameSent".equals(message.getString("method", ""))) {
                frames.append(SentFrame.of(message.getJsonObject("params").getJsonObject("response")).text()).append('\n');
            }
        }
        return frames.toString();
    }

    /** What DevTools reported since the last read (WebDriver hands each log entry out once). */
    static List<JsonObject> devToolsMessages(ChromeDriver browser) {
        List<JsonObject> messages = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE).getAll()) {
            messages.add(Json.createReader(new StringReader(entry.getMessage())).readObject().getJsonObject("message"));
        }
        return messages;
    }
}
