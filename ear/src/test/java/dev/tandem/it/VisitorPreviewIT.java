package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.demo.DemoSite;
import java.io.IOException;
import java.util.List;
import java.util.Map;
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
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.Color;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The visitor's "what the agent sees" preview, in Chromium on the demo bank's payment page (under
 * its strict Content-Security-Policy): opened from the session panel, it replays the page as it was
 * sent (a masked paragraph and the tripwire's card number masked, live as the visitor types, styled
 * by the page's style sheet though the CSP refuses inline styles), in a
 * frame sandboxed and inert like the agent's viewer, and the browser makes no network request for
 * it (with its cache off, DevTools sees not one, though the page shows an image); it is a modal that
 * keeps the keyboard focus, closes with Escape and gives the focus back.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class VisitorPreviewIT {

    private static DemoSite site;
    private VisitorBrowser visitor;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    @BeforeAll
    static void setUp() throws IOException {
        site = DemoSite.start(TestEnvironment.sitePort(), TestEnvironment.appBase().toString());
        TestGroups.group().id("demo").origins(site.origin()).create();
    }

    @AfterAll
    static void stopTheDemoSite() {
        site.close();
    }

    @AfterEach
    void closeBrowser() {
        if (visitor != null) {
            visitor.close();
        }
    }

    private <T> T inPreview(Function<WebDriver, T> check) {
        WebDriver driver = visitor.driver;
        driver.switchTo().frame(driver.findElement(By.cssSelector("#tandem-preview-stage iframe")));
        try {
            return check.apply(driver);
        } finally {
            driver.switchTo().defaultContent();
        }
    }

    private String previewValue(String id) {
        return inPreview(d -> {
            List<WebElement> found = d.findElements(By.id(id));
            return found.isEmpty() ? null : found.get(0).getDomProperty("value");
        });
    }

    private String activeId() {
        return String.valueOf(visitor.driver.executeScript("return document.activeElement && document.activeElement.id;"));
    }

    @Test
    void thePreviewShowsThePageMaskedAsSentAndLoadsNothing() {
        visitor = new VisitorBrowser().open(site.url() + "pii.html");
        // Every request must reach the network (and DevTools) rather than be answered from a cache.
        visitor.driver.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
        visitor.driver.executeScript("var main = document.querySelector('main');"
                + "var note = document.createElement('p'); note.id = 'note'; note.className = 'tandem-masked';"
                + "note.textContent = 'Secret note 98765'; main.appendChild(note);"
                + "var picture = document.createElement('img'); picture.id = 'picture'; picture.alt = 'Holder';"
                + "picture.src = 'holder.svg?shown-by-the-page'; main.appendChild(picture);");
        visitor.wait.until(d -> (Boolean) visitor.driver.executeScript("return document.getElementById('picture').complete;"));
        visitor.share();
        visitor.wait.until(d -> visitor.states().contains("streaming:"));
        visitor.wait.until(d -> visitor.framesSent().contains("\"plain\"")); // the snapshot has gone
        int mark = visitor.mark();

        visitor.wait.until(ExpectedConditions.elementToBeClickable(By.id("tandem-preview-open"))).click();
        visitor.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tandem-preview-stage iframe")));
        visitor.wait.until(d -> inPreview(p -> !p.findElements(By.id("plain")).isEmpty()
                && p.getPageSource().contains("****** **** *****")));
        assertThat(activeId()).as("focus on opening").isEqualTo("tandem-preview-close");

        // Live: what the visitor types next is shown as it was sent.
        visitor.driver.executeScript("var field = document.getElementById('nickname'); field.value = 'shown-live';"
                + "field.dispatchEvent(new Event('input', { bubbles: true }));");
        visitor.wait.until(d -> "shown-live".equals(previewValue("nickname")));

        String replay = inPreview(WebDriver::getPageSource);
        assertThat(replay).contains("Card **** **** **** ****").contains("****** **** *****")
                .doesNotContain("4111 1111").doesNotContain("DE89").doesNotContain("5555555555554444")
                .doesNotContain("98765").doesNotContain("Secret");
        String pictureSource = inPreview(p -> p.findElement(By.id("picture")).getDomAttribute("src"));
        assertThat(pictureSource).as("image source").isNull();
        WebElement frame = visitor.driver.findElement(By.cssSelector("#tandem-preview-stage iframe"));
        assertThat(frame.getDomAttribute("sandbox")).isEqualTo("allow-same-origin");
        assertThat(frame.getDomAttribute("inert")).isNotNull();
        assertThat(visitor.driver.findElements(By.cssSelector("#tandem-preview-stage iframe"))).hasSize(1);
        // The visitor script's own calls (a heartbeat) may fall in this time; nothing else may.
        String api = TestEnvironment.appBase().resolve("api/visitor/").toString();
        assertThat(visitor.requestsSince(mark)).as("requests made since the preview was opened")
                .filteredOn(url -> !url.startsWith(api)).isEmpty();
        assertThat(visitor.framesSent()).as("frames sent").doesNotContain("98765").doesNotContain("4111 1111");

        // A modal: Tab keeps the focus inside, Escape closes it and the focus goes back to its button.
        new Actions(visitor.driver).sendKeys(Keys.TAB).perform();
        assertThat(activeId()).isEqualTo("tandem-preview-close");
        new Actions(visitor.driver).sendKeys(Keys.ESCAPE).perform();
        visitor.wait.until(ExpectedConditions.numberOfElementsToBe(By.id("tandem-preview"), 0));
        assertThat(activeId()).isEqualTo("tandem-preview-open");
        assertThat(visitor.states()).doesNotContain("failed");
    }

    @Test
    void thePreviewIsStyledByThePagesStyleSheetThoughThePagesCspRefusesInlineStyles() {
        visitor = new VisitorBrowser().open(site.url() + "pii.html");
        visitor.share();
        visitor.wait.until(d -> visitor.states().contains("streaming:"));
        visitor.wait.until(ExpectedConditions.elementToBeClickable(By.id("tandem-preview-open"))).click();
        visitor.wait.until(d -> inPreview(p -> !p.findElements(By.id("plain")).isEmpty()));
        // bank.css, inlined by the recorder, rebuilt as a <style> the CSP refuses: h1 is #0b5394 all the same.
        visitor.wait.until(d -> "#0b5394".equals(Color.fromString(inPreview(p -> p.findElement(By.tagName("h1")).getCssValue("color"))).asHex()));
    }

    @Test
    void thePreviewSaysSoWhenSharingStopsWhileItIsOpen() {
        visitor = new VisitorBrowser().open(site.url() + "pii.html");
        visitor.share();
        visitor.wait.until(d -> visitor.states().contains("streaming:"));
        visitor.wait.until(ExpectedConditions.elementToBeClickable(By.id("tandem-preview-open"))).click();
        visitor.wait.until(d -> inPreview(p -> !p.findElements(By.id("plain")).isEmpty()));

        // The capture stops (as when the page cannot be masked any more): the replay goes, the dialog says why.
        visitor.driver.executeScript("document.dispatchEvent(new CustomEvent('tandem:capture-stop'));");
        visitor.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tandem-preview-status"), "The preview stopped"));
        assertThat(visitor.driver.findElements(By.cssSelector("#tandem-preview-stage iframe"))).isEmpty();
        visitor.driver.findElement(By.id("tandem-preview-close")).click();
        visitor.wait.until(ExpectedConditions.numberOfElementsToBe(By.id("tandem-preview"), 0));
    }
}
