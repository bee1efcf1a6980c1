package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.demo.DemoSite;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * In real headless Chromium, on the demo bank site (its own origin, a strict CSP without
 * 'unsafe-inline'): a visitor starts a session from the page's button, agrees, reads the key,
 * navigates to a second page and keeps the same session, then stops it; the hot-key opens the same
 * consent, and declining starts nothing. The server's rows say the same.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class VisitorJourneyIT {

    private static DemoSite site;

    private ChromeDriver browser;
    private WebDriverWait wait;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    @BeforeAll
    static void startTheDemoSite() throws IOException {
        site = DemoSite.start(TestEnvironment.sitePort(), TestEnvironment.appBase().toString());
        TestGroups.group().id("demo").origins(site.origin()).create();
        TestGroups.group().id("demo-eu").origins(site.origin()).create();
    }

    @AfterAll
    static void stopTheDemoSite() {
        site.close();
    }

    @BeforeEach
    void openBrowser() {
        browser = Chromium.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterEach
    void closeBrowser() {
        browser.quit();
    }

    @Test
    void aVisitorStartsKeepsTheSessionAcrossPagesAndStopsIt() {
        browser.get(site.url() + "index.html");
        browser.findElement(By.cssSelector("[data-tandem-start]")).click();

        WebElement accept = wait.until(ExpectedConditions.elementToBeClickable(By.id("tandem-consent-accept")));
        assertThat(browser.findElement(By.cssSelector("[role=dialog]")).getText()).containsIgnoringCase("masked");
        accept.click();

        String key = wait.until(d -> {
            String text = d.findElement(By.id("tandem-session-key")).getText().replaceAll("\\s", "");
            return text.matches("[0-9]{6}") ? text : null;
        });
        Rows.Session live = Rows.liveSessionsOf("demo").stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
        assertThat(live.origin()).isEqualTo(site.origin());
        assertThat(browser.findElement(By.id("tandem-stop")).getAccessibleName()).isNotBlank();

        browser.findElement(By.linkText("Accounts")).click();
        wait.until(ExpectedConditions.urlContains("accounts.html"));
        wait.until(d -> d.findElements(By.id("tandem-session-key")).stream()
                .anyMatch(e -> e.getText().replaceAll("\\s", "").equals(key)));
        wait.until(d -> Rows.auditOfSession(live.sessionRef()).stream().anyMatch(a -> a.type().equals("SESSION_RESUMED")));
        assertThat(Rows.liveSessionsOf("demo")).filteredOn(s -> s.key().equals(key)).hasSize(1);

        browser.findElement(By.id("tandem-stop")).click();

        wait.until(d -> Rows.session(live.sessionRef()).orElseThrow().endedAt() != null);
        assertThat(Rows.session(live.sessionRef()).orElseThrow().endReason()).isEqualTo("VISITOR_STOPPED");
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("tandem-session-key")));
        assertThat(browser.executeScript("return sessionStorage.getItem('tandem.session')")).isNull();

        browser.navigate().refresh();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-tandem-start]")));
        assertThat(browser.findElements(By.id("tandem-session-key"))).as("no session after a reload").isEmpty();
        assertThat(cspViolations()).isEmpty();
    }

    @Test
    void theHotKeyOpensConsentAndDecliningStartsNothing() {
        browser.get(site.url() + "accounts.html");
        wait.until(d -> "complete".equals(((ChromeDriver) d).executeScript("return document.readyState")));
        long since = Rows.lastAuditId();

        WebElement body = browser.findElement(By.tagName("body"));
        wait.until(d -> {
            new Actions(d).keyDown(Keys.CONTROL).keyDown(Keys.ALT).sendKeys("y").keyUp(Keys.ALT).keyUp(Keys.CONTROL).perform();
            return !d.findElements(By.id("tandem-consent-decline")).isEmpty();
        });
        WebElement decline = browser.findElement(By.id("tandem-consent-decline"));
        assertThat(browser.switchTo().activeElement().getAttribute("id")).as("focus moves into the dialog").startsWith("tandem-");
        decline.click();

        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("tandem-consent-accept")));
        assertThat(body.isDisplayed()).isTrue();
        assertThat(browser.findElements(By.id("tandem-session-key"))).isEmpty();
        assertThat(browser.executeScript("return sessionStorage.getItem('tandem.session')")).isNull();
        // Not a count of live demo sessions: one left by an earlier test may time out meanwhile.
        assertThat(Rows.auditOfType("SESSION_STARTED", since)).noneMatch(a -> "demo".equals(a.groupId()));
        assertThat(cspViolations()).isEmpty();
    }

    /** What Chromium reported as blocked by the page's Content-Security-Policy. */
    private List<String> cspViolations() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy"))
                .toList();
    }
}
