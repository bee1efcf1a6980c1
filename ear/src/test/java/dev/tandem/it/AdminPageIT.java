package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The administrator page in Chromium, under the console's strict CSP: an administrator sees a live
 * session and ends it, and changes a group so that the next visitor start follows the change; an
 * agent without the administrator role gets nothing from it.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class AdminPageIT {

    private AdminBrowser admin;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    @BeforeEach
    void openBrowser() {
        admin = AdminBrowser.open();
        browser = admin.browser;
        wait = admin.wait;
    }

    @AfterEach
    void closeBrowser() {
        admin.close();
    }

    private void openAdminPage(String user) {
        admin.signIn(user);
        browser.get(TestEnvironment.appBase().resolve("agent/admin.html").toString());
        wait.until(d -> !d.findElement(By.id("admin-status")).getText().startsWith("Loading"));
    }

    @Test
    void anAdministratorEndsASessionAndChangesAGroup() {
        AdminBrowser.LiveSession live = AdminBrowser.liveSession();
        String group = live.group();
        String ref = live.ref();
        openAdminPage("carol");

        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-ref='" + ref + "']")));
        assertThat(row.getText()).contains(group).contains(live.key());
        row.findElement(By.cssSelector("button.session-end")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr[data-ref='" + ref + "']"), 0));
        assertThat(Rows.session(ref).orElseThrow().endReason()).isEqualTo("ADMINISTRATOR");

        WebElement form = browser.findElement(By.cssSelector("form[data-group='" + group + "']"));
        WebElement keyLength = form.findElement(By.name("keyLength"));
        keyLength.clear();
        keyLength.sendKeys("5");
        long since = Rows.lastAuditId();
        form.findElement(By.cssSelector("button[type='submit']")).click();
        wait.until(d -> form.findElement(By.cssSelector(".group-result")).getText().equals("Saved."));

        assertThat(VisitorClient.from(AdminBrowser.SITE).start(group).string("key")).as("the next start").hasSize(5);
        assertThat(Rows.auditOfType("GROUP_CHANGED", since)).anySatisfy(a -> {
            assertThat(a.groupId()).isEqualTo(group);
            assertThat(a.actor()).isEqualTo("carol");
        });
        assertThat(browser.manage().logs().get("browser").getAll()).noneMatch(e -> e.getMessage().contains("Content Security Policy"));
    }

    @Test
    void anAgentWithoutTheAdministratorRoleGetsNothing() {
        AdminBrowser.liveSession();
        openAdminPage("alice");

        assertThat(browser.findElement(By.id("sessions-error")).getText()).isEqualTo("Only administrators may use this page.");
        assertThat(browser.findElements(By.cssSelector("#sessions tbody tr"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("form.group-form"))).isEmpty();
    }
}
