package dev.tandem.it;

import dev.tandem.demo.DevIdentityProvider;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Runs the development OpenID Connect provider for the whole test run, before the container starts
 * and until every test is done, on the port the test server is configured with.
 */
public class IdentityProviderForTests implements LauncherSessionListener {

    private DevIdentityProvider provider;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        provider = DevIdentityProvider.start(TestEnvironment.oidcPort());
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (provider != null) {
            provider.close();
        }
    }
}
