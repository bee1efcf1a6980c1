package dev.tandem.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A visitor's Chromium on the demo site, for the browser journeys: opens a page with every capture
 * state noted, shares it through the consent dialog, and keeps all that DevTools reported (WebDriver
 * hands each log entry out only once), so that a test can check every WebSocket frame the visitor
 * sent and every request the page made, however often it looks.
 */
final class VisitorBrowser implements AutoCloseable {

    final ChromeDriver driver = Chromium.start();
    final WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(40));
    private final List<JsonObject> devTools = new ArrayList<>();

    /** Opens a page and notes every capture state (tandem:capture-state) in window.tandemStates. */
    VisitorBrowser open(String url) {
        driver.get(url);
        driver.executeScript("window.tandemStates = [];"
                + "document.addEventListener('tandem:capture-state', function (e) {"
                + "  window.tandemStates.push(e.detail.state + ':' + (e.detail.reason || '')); });");
        return this;
    }

    /** Starts sharing the open page (start element, consent) and returns the session key shown. */
    String share() {
        return share(driver, wait);
    }

    /**
     * What a visitor does to share the page open in this browser: the page's start element, then
     * the consent dialog's accept button; returns the session key the panel shows (6 digits).
     */
    static String share(WebDriver visitor, WebDriverWait wait) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-tandem-start]"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("tandem-consent-accept"))).click();
        return wait.until(d -> {
            String text = d.findElement(By.id("tandem-session-key")).getText().replaceAll("\\s", "");
            return text.matches("[0-9]{6}") ? text : null;
        });
    }

    /**
     * What the agent does to join that session in its own browser: signs in as {@code user}, joins
     * by key, and returns once the viewer is connected and shows the replay.
     */
    static void join(ChromeDriver agent, WebDriverWait wait, String user, String key) {
        SignIn.as(agent, wait, user);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("join-key"))).sendKeys(key);
        agent.findElement(By.id("join-submit")).click();
        wait.until(ExpectedConditions.urlContains("/agent/viewer.html"));
        wait.until(ExpectedConditions.textToBe(By.id("viewer-connection"), "Connected"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#viewer-stage iframe")));
    }

    /** The capture states so far, e.g. "connecting: streaming: failed:masking_failed". */
    String states() {
        return String.valueOf(driver.executeScript("return window.tandemStates.join(' ');"));
    }

    /** The session reference of the shared session (from the visitor script's sessionStorage entry). */
    String sessionRef() {
        String stored = String.valueOf(driver.executeScript("return sessionStorage.getItem('tandem.session');"));
        return Rows.refOf(Json.createReader(new StringReader(stored)).readObject().getString("sessionId"));
    }

    /** Every WebSocket frame the browser has sent, as DevTools recorded it (compressed ones inflated), one a line. */
    String framesSent() {
        StringBuilder frames = new StringBuilder();
        for (JsonObject message : devTools()) {
            if ("Network.webSocketFrameSent".equals(message.getString("method", ""))) {
                frames.append(SentFrame.of(message.getJsonObject("params").getJsonObject("response")).text()).append('\n');
            }
        }
        return frames.toString();
    }

    /** A place in the DevTools record, for {@link #requestsSince}. */
    int mark() {
        return devTools().size();
    }

    /** Every URL the browser requested (or tried to) after the mark. */
    List<String> requestsSince(int mark) {
        List<JsonObject> all = devTools();
        List<String> urls = new ArrayList<>();
        for (JsonObject message : all.subList(mark, all.size())) {
            if ("Network.requestWillBeSent".equals(message.getString("method", ""))) {
                urls.add(message.getJsonObject("params").getJsonObject("request").getString("url", ""));
            }
        }
        return urls;
    }

    private List<JsonObject> devTools() {
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE).getAll()) {
            devTools.add(Json.createReader(new StringReader(entry.getMessage())).readObject().getJsonObject("message"));
        }
        return devTools;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
