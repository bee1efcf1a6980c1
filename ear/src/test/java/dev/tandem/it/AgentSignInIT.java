package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * In real headless Chromium: an agent signs in through the OpenID Connect provider and reaches the
 * console; the session cookie is Secure and HttpOnly and no token reaches the page's JavaScript;
 * someone without the cobrowse-agent role is refused.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class AgentSignInIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    private ChromeDriver browser;
    private WebDriverWait wait;

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
    void aDemoAgentSignsInAndReachesTheConsole() {
        SignIn.as(browser, wait, "alice");

        wait.until(ExpectedConditions.textToBe(By.id("agent-status"), "Signed in as Alice Agent (alice)"));
        assertThat(browser.getCurrentUrl()).isEqualTo(TestEnvironment.appBase().resolve("agent/").toString());
        assertThat(browser.findElement(By.id("agent-groups")).getText()).isEqualTo("demo");

        Cookie session = browser.manage().getCookieNamed("JSESSIONID");
        assertThat(session).as("session cookie").isNotNull();
        assertThat(session.isSecure()).isTrue();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Lax");

        Object scriptVisible = browser.executeScript(
                "return document.cookie + '|' + localStorage.length + '|' + sessionStorage.length");
        assertThat(scriptVisible).as("what page scripts can see").isEqualTo("|0|0");
    }

    @Test
    void someoneWithoutTheAgentRoleIsRefused() {
        SignIn.as(browser, wait, "mallory");

        wait.until(ExpectedConditions.textToBe(By.id("forbidden-title"), "Not allowed"));
        Object status = browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch('../api/agent/me', {credentials: 'same-origin', redirect: 'manual'})"
                        + ".then(r => done(r.status), e => done('error: ' + e));");
        assertThat(status).isEqualTo(403L);
        assertThat(browser.getPageSource()).doesNotContain("Signed in as");
    }
}
