package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.it.VisitorClient.Answer;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * In Chromium, signed in through the identity provider: an administrator ends a live session at
 * once and the end is recorded with their name; an agent without the administrator role cannot.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class AdminEndSessionIT {

    private ChromeDriver browser;
    private WebDriverWait wait;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
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

    private static String liveSession() {
        String group = TestGroups.group().create();
        Answer started = VisitorClient.from("https://acme.example").start(group);
        assertThat(started.status()).isEqualTo(201);
        return Rows.refOf(started.string("sessionId"));
    }

    /** POSTs from the console page, as the console's own script would; returns the status. */
    private Object endFromConsole(String ref) {
        return browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch('../api/admin/sessions/' + arguments[0] + '/end', {method: 'POST', credentials: 'same-origin', redirect: 'manual'})"
                        + ".then(r => done(r.status), e => done('error: ' + e));", ref);
    }

    @Test
    void anAdministratorEndsALiveSession() {
        String ref = liveSession();
        SignIn.as(browser, wait, "carol");

        assertThat(endFromConsole(ref)).isEqualTo(204L);

        Rows.Session ended = Rows.session(ref).orElseThrow();
        assertThat(ended.endReason()).isEqualTo("ADMINISTRATOR");
        assertThat(Rows.auditOfSession(ref)).filteredOn(a -> a.type().equals("SESSION_ENDED")).singleElement()
                .satisfies(a -> assertThat(a.actor()).isEqualTo("carol"));
        assertThat(endFromConsole(ref)).as("a session already ended").isEqualTo(410L);
        assertThat(endFromConsole("not-a-reference")).isEqualTo(404L);
    }

    @Test
    void anAgentWithoutTheAdministratorRoleCannot() {
        String ref = liveSession();
        SignIn.as(browser, wait, "alice");

        assertThat(endFromConsole(ref)).isEqualTo(403L);

        assertThat(Rows.session(ref).orElseThrow().endedAt()).isNull();
    }
}
