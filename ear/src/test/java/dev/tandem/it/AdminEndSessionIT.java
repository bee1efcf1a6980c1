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

/**
 * In Chromium, signed in through the identity provider: an administrator ends a live session at
 * once and the end is recorded with their name; an agent without the administrator role cannot.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class AdminEndSessionIT {

    private AdminBrowser admin;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    @BeforeEach
    void openBrowser() {
        admin = AdminBrowser.open();
    }

    @AfterEach
    void closeBrowser() {
        admin.close();
    }

    /** POSTs from the console page, as the console's own script would; returns the status. */
    private Object endFromConsole(String ref) {
        return admin.browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch('../api/admin/sessions/' + arguments[0] + '/end', {method: 'POST', credentials: 'same-origin', redirect: 'manual'})"
                        + ".then(r => done(r.status), e => done('error: ' + e));", ref);
    }

    @Test
    void anAdministratorEndsALiveSession() {
        String ref = AdminBrowser.liveSession().ref();
        admin.signIn("carol");

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
        String ref = AdminBrowser.liveSession().ref();
        admin.signIn("alice");

        assertThat(endFromConsole(ref)).isEqualTo(403L);

        assertThat(Rows.session(ref).orElseThrow().endedAt()).isNull();
    }
}
