package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The masking cases rrweb leaves open, end to end in headless Chromium (demo pages {@code masking.html}
 * and {@code password.html}): a password revealed as text before sharing started or while a later
 * page loaded, every kind of attribute and the style text inside a masked element, and the checked
 * state of masked (and, under {@code mask_all_inputs}, all) checkboxes and radios. Each is checked on
 * every WebSocket frame the visitor's browser sent, in the agent's replay DOM, and (for URLs) in the
 * requests the agent's browser made.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class MaskingJourneyIT extends BrowserJourney {

    /** Everything the demo pages hold inside masked elements carries this; none of it may leave. */
    private static final String PAGE_MARKER = "maskedattr";
    private static final String LATER_PAGE_VALUE = "maskedlater-current-password";
    /** A checkbox or radio's state, in a snapshot ("checked": true or ""), a mutation or an input event. */
    private static final String CHECKED_STATE = "(?s).*\"(isChecked|checked)\":(true|\"[^\"]*\").*";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    @BeforeAll
    static void blockTheOffers() {
        TestGroups.blockSelectors("demo", "[\"#offers\"]");
    }

    @BeforeEach
    void inputsMaskedOnlyWhereTheGroupSays() {
        TestGroups.maskAllInputs("demo", false);
    }

    @AfterEach
    void inputsMaskedOnlyWhereTheGroupSaysAgain() {
        TestGroups.maskAllInputs("demo", false);
    }

    @Test
    void aPasswordTypedAndShownAsTextBeforeSharingStaysMasked() {
        String canary = canary();
        visitor.get(site.url() + "masking.html");
        visitor.findElement(By.id("pin-shown")).sendKeys(canary + "a");
        visitor.findElement(By.id("reveal")).click();
        visitor.findElement(By.id("pin-shown")).sendKeys(canary + "b", Keys.TAB);
        startSharing();
        visitor.findElement(By.id("pin-shown")).sendKeys(canary + "c", Keys.TAB);
        syncThrough("first-page");

        assertThat(replayValue(agent, "pin-shown")).isNotEmpty().matches("\\*+");
        assertThat(inReplay(agent, WebDriver::getPageSource)).doesNotContain(canary);
        assertThat(framesSentBy(visitor)).as("visitor's WebSocket frames").contains("first-page").doesNotContain(canary);
        visitor.findElement(By.id("tandem-stop")).click();
        agentWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("viewer-connection"), "ended"));
        ServerTraces.assertNowhere(canary);
    }

    @Test
    void aPasswordShownAsTextWhileALaterPageOfTheSessionLoadsStaysMasked() {
        String canary = canary();
        startSharingFrom("masking.html");
        visitor.findElement(By.id("to-password")).click(); // a later page of the session
        agentWait.until(d -> {
            String value = replayValue(d, "current-password");
            return value != null && value.length() == LATER_PAGE_VALUE.length();
        });
        visitor.findElement(By.id("current-password")).sendKeys(canary + "d", Keys.TAB);
        int typed = LATER_PAGE_VALUE.length() + canary.length() + 1;
        agentWait.until(d -> {
            String value = replayValue(d, "current-password");
            return value != null && value.length() == typed;
        });

        assertThat(replayValue(agent, "current-password")).matches("\\*+");
        assertThat(inReplay(agent, WebDriver::getPageSource)).doesNotContain(canary).doesNotContain(LATER_PAGE_VALUE);
        assertThat(framesSentBy(visitor)).as("visitor's WebSocket frames").doesNotContain(canary).doesNotContain(LATER_PAGE_VALUE);
        visitor.findElement(By.id("tandem-stop")).click();
        agentWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("viewer-connection"), "ended"));
        ServerTraces.assertNowhere(canary);
    }

    @Test
    void noAttributeValueNorStyleTextInsideAMaskedElementLeavesTheBrowser() {
        String canary = canary();
        startSharingFrom("masking.html");
        // Added later (a mutation, not the first snapshot), and changed on an element already there.
        visitor.executeScript("var c = arguments[0];"
                + "var box = document.querySelector('#masked-attributes .tandem-masked');"
                + "var added = document.createElement('div');"
                + "added.id = c + '-id'; added.className = c + '-class'; added.setAttribute('name', c + '-name');"
                + "added.setAttribute('data-secret', c + '-data'); added.setAttribute('style', 'color: red; --x: ' + c);"
                + "added.setAttribute('title', c + '-title');"
                + "var link = added.appendChild(document.createElement('a'));"
                + "link.href = 'accounts.html?' + c + '-href'; link.textContent = 'statement';"
                + "var img = added.appendChild(document.createElement('img'));"
                + "img.src = 'holder.svg?' + c + '-src'; img.width = 48;"
                + "added.appendChild(document.createElement('style')).textContent = '.' + c + '-css { color: red; }';"
                + "box.appendChild(added);"
                + "var h = document.getElementById('maskedattr-id');"
                + "h.setAttribute('data-more', c + '-data-changed'); h.className = c + '-class-changed';"
                + "h.setAttribute('style', 'background-image: url(holder.svg?' + c + '-style-changed)');"
                + "document.querySelector('#masked-attributes style').textContent = '.' + c + '-css-changed { color: red; }';",
                canary);
        syncThrough("attributes");

        String frames = framesSentBy(visitor);
        assertThat(frames).as("visitor's WebSocket frames").contains("attributes")
                .doesNotContain(canary).doesNotContain(PAGE_MARKER).doesNotContain("teal");
        assertThat(inReplay(agent, WebDriver::getPageSource)).doesNotContain(canary).doesNotContain(PAGE_MARKER);
        int images = inReplay(agent, r -> {
            List<WebElement> found = r.findElements(By.cssSelector("#masked-attributes img"));
            for (WebElement image : found) {
                assertThat(image.getDomAttribute("src")).as("masked image's src").isNull();
            }
            assertThat(r.findElements(By.cssSelector("#masked-attributes a[href]"))).as("masked links' href").isEmpty();
            return found.size();
        });
        assertThat(images).as("the masked element and the added one arrived").isEqualTo(2);
        assertThat(requestsMadeBy(agent)).as("URLs the agent's browser fetched").isNotEmpty()
                .noneMatch(url -> url.contains(canary) || url.contains(PAGE_MARKER) || url.contains("holder.svg"));
    }

    @Test
    void theCheckedStateOfMaskedCheckboxesAndRadiosNeverLeavesTheBrowser() {
        startSharingFrom("masking.html");
        visitor.findElement(By.id("consent-credit")).click();
        visitor.findElement(By.id("consent-marketing")).click();
        visitor.findElement(By.id("contact-phone")).click();
        visitor.executeScript("document.getElementById('consent-marketing').checked = true;"
                + "document.getElementById('contact-mail').setAttribute('checked', '');");
        syncThrough("choices");

        assertThat(framesSentBy(visitor)).as("visitor's WebSocket frames").contains("choices").doesNotMatch(CHECKED_STATE);
        assertThat(checkedInReplay("#masked-choices input")).as("inputs, checked ones").containsExactly(4, 0);

        visitor.findElement(By.id("newsletter")).click(); // not marked: its state is shown
        agentWait.until(d -> checkedInReplay("#newsletter").get(1) == 1);
    }

    @Test
    void underMaskAllInputsNoCheckboxOrRadioStateLeavesTheBrowser() {
        TestGroups.maskAllInputs("demo", true);
        startSharingFrom("masking.html");
        visitor.findElement(By.id("newsletter")).click();
        visitor.findElement(By.id("contact-phone")).click();
        visitor.findElement(By.id("nickname")).sendKeys("abc", Keys.TAB);
        agentWait.until(d -> "***".equals(replayValue(d, "nickname")));

        assertThat(framesSentBy(visitor)).as("visitor's WebSocket frames").doesNotMatch(CHECKED_STATE);
        assertThat(checkedInReplay("input[type=checkbox], input[type=radio]")).as("inputs, checked ones").containsExactly(5, 0);
    }

    private void startSharingFrom(String page) {
        visitor.get(site.url() + page);
        startSharing();
    }

    /** Starts sharing the visitor's current page and joins as an agent. */
    private void startSharing() {
        VisitorBrowser.join(agent, agentWait, "alice", VisitorBrowser.share(visitor, visitorWait));
    }

    /** Types into the unmasked nickname field and waits for the replay to show it: all before it has arrived. */
    private void syncThrough(String text) {
        WebElement nickname = visitor.findElement(By.id("nickname"));
        nickname.clear();
        nickname.sendKeys(text, Keys.TAB);
        agentWait.until(d -> text.equals(replayValue(d, "nickname")));
    }

    /** How many elements match, and how many of those are checked, in the agent's replay. */
    private List<Integer> checkedInReplay(String selector) {
        return inReplay(agent, r -> {
            List<WebElement> found = r.findElements(By.cssSelector(selector));
            int checked = 0;
            for (WebElement element : found) {
                if (element.isSelected()) {
                    checked++;
                }
            }
            return List.of(found.size(), checked);
        });
    }

    /** Every URL the browser requested since the last read of its log. */
    private static List<String> requestsMadeBy(ChromeDriver browser) {
        List<String> urls = new ArrayList<>();
        for (JsonObject message : devToolsMessages(browser)) {
            if ("Network.requestWillBeSent".equals(message.getString("method", ""))) {
                urls.add(message.getJsonObject("params").getJsonObject("request").getString("url", ""));
            }
        }
        return urls;
    }
}
