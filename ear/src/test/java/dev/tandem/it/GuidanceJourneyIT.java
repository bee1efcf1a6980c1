package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Agent guidance end to end in headless Chromium on the demo page {@code guidance.html}: the
 * agent's pointer lands on the element it points at in the replay, whatever the visitor's window
 * size; write mode needs the visitor's approval, lets the agent type into an allowed field, refuses
 * masked, password, restricted and file fields and form submission by click and by Enter (nothing
 * changes on the visitor's page, a CONTROL_REFUSED row says why), and stops when taken back. A
 * group may let write mode start without the prompt; masked and password fields stay out of reach
 * even then. In control, the agent chooses a list's option, ticks a box and scrolls with the wheel.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class GuidanceJourneyIT extends BrowserJourney {

    private String key;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    @BeforeAll
    static void allowEveryMode() {
        TestGroups.agentModes("demo", "view,pointer,write");
    }

    @BeforeEach
    void writeNeedsTheVisitorsApproval() {
        TestGroups.writeNeedsApproval("demo", true);
    }

    /** Shares guidance.html and joins it as alice, whose viewer is narrower than the visitor's window. */
    private void share() {
        agent.manage().window().setSize(new Dimension(900, 900));
        visitor.get(site.url() + "guidance.html");
        key = VisitorBrowser.share(visitor, visitorWait);
        VisitorBrowser.join(agent, agentWait, "alice", key);
        agentWait.until(d -> Boolean.TRUE.equals(agent.executeScript(
                "var f = document.querySelector('#viewer-stage iframe');"
                        + "return !!(f && f.contentDocument && f.contentDocument.getElementById('street'));")));
    }

    /**
     * What the agent's mouse does over the replayed element this selector finds (at its centre),
     * dispatched on the viewer's layer over the replay as the browser would. (A masked element's id
     * is starred in the replay: it is found through its label.)
     */
    private void agentAt(String selector, String eventType) {
        agent.executeScript("var f = document.querySelector('#viewer-stage iframe');"
                + "var el = f.contentDocument.querySelector(arguments[0]);"
                + "var fr = f.getBoundingClientRect(); var scale = fr.width / f.offsetWidth;"
                + "var r = el.getBoundingClientRect();"
                + "var x = fr.left + (r.left + r.width / 2) * scale, y = fr.top + (r.top + r.height / 2) * scale;"
                + "var o = document.getElementById('viewer-overlay');"
                + "var init = {clientX: x, clientY: y, bubbles: true, cancelable: true};"
                + "o.dispatchEvent(arguments[1] === 'pointermove' ? new PointerEvent('pointermove', init) : new MouseEvent('click', init));",
                selector, eventType);
    }

    private void agentTypes(String text) {
        for (char c : text.toCharArray()) {
            agentKey(String.valueOf(c));
        }
    }

    private void agentKey(String name) {
        agent.executeScript("document.getElementById('viewer-overlay').dispatchEvent("
                + "new KeyboardEvent('keydown', {key: arguments[0], bubbles: true, cancelable: true}));", name);
    }

    /** The centre of the visitor's pointer lies inside the element with this id on the visitor's page. */
    private boolean pointerOn(String id) {
        return Boolean.TRUE.equals(visitor.executeScript("var p = document.querySelector('[data-tandem-pointer]');"
                + "if (!p || getComputedStyle(p).display === 'none') return false;"
                + "var x = parseFloat(p.style.left), y = parseFloat(p.style.top);"
                + "var r = document.getElementById(arguments[0]).getBoundingClientRect();"
                + "return x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;", id));
    }

    /** The agent's wheel over the middle of the replay, as the browser would dispatch it on the viewer's layer. */
    private void agentWheel(int deltaY) {
        agent.executeScript("var f = document.querySelector('#viewer-stage iframe'); var fr = f.getBoundingClientRect();"
                + "document.getElementById('viewer-overlay').dispatchEvent(new WheelEvent('wheel', {clientX: fr.left + fr.width / 2,"
                + " clientY: fr.top + fr.height / 2, deltaY: arguments[0], bubbles: true, cancelable: true}));", deltaY);
    }

    private String visitorValue(String id) {
        return visitor.findElement(By.id(id)).getDomProperty("value");
    }

    private String sessionRef() {
        return Rows.liveSessionsOf("demo").stream().filter(s -> key.equals(s.key())).findFirst().orElseThrow().sessionRef();
    }

    private List<String> refusals(String ref) {
        return Rows.auditOfSession(ref).stream().filter(a -> a.type().equals("CONTROL_REFUSED")).map(Rows.Audit::reason).toList();
    }

    @Test
    void thePointerLandsOnTheSameElementAtTwoViewportSizes() {
        share();
        agent.findElement(By.id("viewer-pointer")).click();
        agentWait.until(ExpectedConditions.attributeToBe(By.id("viewer-pointer"), "aria-pressed", "true"));

        agentAt("#street", "pointermove");
        visitorWait.until(d -> pointerOn("street"));
        assertThat(visitor.findElement(By.cssSelector("[data-tandem-pointer]")).getDomProperty("textContent")).isEqualTo("Alice Agent");

        // The visitor's window changes size: the pointer follows its element, not a screen position.
        visitor.manage().window().setSize(new Dimension(600, 700));
        visitorWait.until(d -> pointerOn("street"));
        agentAt("#send", "pointermove");
        visitorWait.until(d -> pointerOn("send"));

        visitor.findElement(By.id("tandem-pointers-toggle")).click();
        visitorWait.until(d -> !pointerOn("send"));
    }

    @Test
    void writeModeNeedsApprovalRefusesWhatItMustAndStopsWhenTakenBack() {
        share();
        String ref = sessionRef();
        agent.findElement(By.id("viewer-write")).click();
        visitorWait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tandem-write-consent")));
        assertThat(visitor.findElement(By.id("tandem-write-consent-title")).getText()).contains("Alice Agent");
        // Nothing the agent does counts before the visitor answers.
        agentAt("#street", "click");
        agentTypes("x");
        visitor.findElement(By.id("tandem-write-allow")).click();
        agentWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("viewer-guidance-status"), "You control"));
        assertThat(visitorValue("street")).isEmpty();

        agentAt("#street", "click");
        agentTypes("Main 1");
        visitorWait.until(d -> "Main 1".equals(visitorValue("street")));

        for (String refused : List.of("label[for=iban] + input", "#pin", "#reference")) {
            agentAt(refused, "click");
            agentTypes("zz");
        }
        agentAt("#proof", "click");
        agentAt("#send", "click");
        agentWait.until(d -> refusals(ref).containsAll(List.of("masked", "password", "restricted", "file", "submit")));
        // Enter in a field of the form: a second submit refusal (repeats are reported at most once a second).
        agentAt("#street", "click");
        agentWait.until(d -> {
            agentKey("Enter");
            return refusals(ref).stream().filter("submit"::equals).count() >= 2;
        });
        assertThat(visitorValue("iban")).isEmpty();
        assertThat(visitorValue("pin")).isEmpty();
        assertThat(visitorValue("reference")).isEmpty();
        assertThat(visitor.getCurrentUrl()).as("the form was not sent").doesNotContain("street=");
        assertThat(Rows.auditOfSession(ref)).noneMatch(a -> a.detail().toString().contains("Main 1") || a.detail().toString().contains("zz"));
        assertThat(Rows.auditOfSession(ref)).anyMatch(a -> a.type().equals("MODE_GRANTED"));

        // Taken back with one click: the agent's next keystrokes do nothing.
        visitor.findElement(By.id("tandem-take-back")).click();
        agentWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("viewer-guidance-status"), "took control back"));
        agentAt("#street", "click");
        agentTypes("!");
        // Messages keep their order: once a later pointer has arrived, the keystrokes would have too.
        agent.findElement(By.id("viewer-pointer")).click();
        agentAt("#send", "pointermove");
        visitorWait.until(d -> pointerOn("send"));
        assertThat(visitorValue("street")).isEqualTo("Main 1");
        assertThat(Rows.auditOfSession(ref)).anyMatch(a -> a.type().equals("MODE_REVOKED"));
    }

    @Test
    void withoutTheApprovalSettingWriteStartsAtOnceButMaskedAndPasswordFieldsStayOutOfReach() {
        TestGroups.writeNeedsApproval("demo", false);
        share();
        String ref = sessionRef();
        agent.findElement(By.id("viewer-write")).click();
        agentWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("viewer-guidance-status"), "You control"));
        assertThat(visitor.findElements(By.id("tandem-write-consent"))).as("no prompt").isEmpty();

        agentAt("#street", "click");
        agentTypes("Main 2");
        visitorWait.until(d -> "Main 2".equals(visitorValue("street")));
        agentAt("label[for=iban] + input", "click");
        agentTypes("zz");
        agentAt("#pin", "click");
        agentTypes("zz");
        agentWait.until(d -> refusals(ref).containsAll(List.of("masked", "password")));
        assertThat(visitorValue("iban")).isEmpty();
        assertThat(visitorValue("pin")).isEmpty();
        assertThat(Rows.auditOfSession(ref)).anyMatch(a -> a.type().equals("MODE_GRANTED"));
        // Taking control back works as with the prompt.
        visitor.findElement(By.id("tandem-take-back")).click();
        agentWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("viewer-guidance-status"), "took control back"));
    }

    @Test
    void inControlTheAgentChoosesAnOptionTicksABoxAndScrollsThePage() {
        share();
        agent.findElement(By.id("viewer-write")).click();
        visitorWait.until(ExpectedConditions.elementToBeClickable(By.id("tandem-write-allow"))).click();
        agentWait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("viewer-guidance-status"), "You control"));

        agentAt("#country", "click");
        Select choice = new Select(agentWait.until(ExpectedConditions.visibilityOfElementLocated(By.id("viewer-choice"))));
        assertThat(choice.getOptions()).extracting(o -> o.getDomProperty("value")).containsExactly("be", "nl");
        choice.selectByValue("nl");
        visitorWait.until(d -> "nl".equals(visitorValue("country")));

        agentAt("#primary", "click");
        visitorWait.until(d -> visitor.findElement(By.id("primary")).isSelected());

        // A window too small for the page: the agent's wheel scrolls it.
        visitor.manage().window().setSize(new Dimension(500, 400));
        visitorWait.until(d -> Boolean.TRUE.equals(visitor.executeScript(
                "return document.documentElement.scrollHeight > window.innerHeight + 100;")));
        agentWait.until(d -> {
            agentWheel(120);
            return ((Number) visitor.executeScript("return window.scrollY;")).doubleValue() > 0;
        });
    }
}
