package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.it.VisitorClient.Answer;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the administrator tests share: one Chromium per test, a user signed in through the identity
 * provider, and a live session in a group of its own to act on. Opened in a test's set-up, closed in
 * its tear-down.
 */
final class AdminBrowser implements AutoCloseable {

    /** The visitor site the sessions start from. */
    static final String SITE = "https://acme.example";

    final ChromeDriver browser;
    final WebDriverWait wait;

    /** A live session: its group, key and session reference. */
    record LiveSession(String group, String key, String ref) {
    }

    private AdminBrowser(ChromeDriver browser) {
        this.browser = browser;
        this.wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    static AdminBrowser open() {
        return new AdminBrowser(Chromium.start());
    }

    /** A new group for {@link #SITE} with a session a visitor just started on it. */
    static LiveSession liveSession() {
        String group = TestGroups.group().origins(SITE).create();
        Answer started = VisitorClient.from(SITE).start(group);
        assertThat(started.status()).isEqualTo(201);
        return new LiveSession(group, started.string("key"), Rows.refOf(started.string("sessionId")));
    }

    void signIn(String user) {
        SignIn.as(browser, wait, user);
    }

    @Override
    public void close() {
        browser.quit();
    }
}
