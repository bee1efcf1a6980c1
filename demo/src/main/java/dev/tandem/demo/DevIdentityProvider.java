package dev.tandem.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

/**
 * A real OpenID Connect provider for development and tests (navikt's mock-oauth2-server), with an
 * interactive sign-in page where any user name is accepted. The demo agents of {@link DemoAgent}
 * get their roles and co-browse groups from {@code dev-identity-provider.json}; any other name gets
 * no role. Never use it in production: it signs anyone in.
 */
public final class DevIdentityProvider implements AutoCloseable {

    /** The issuer id: the provider's URI is {@code http://localhost:PORT/tandem}. */
    public static final String ISSUER_ID = "tandem";

    private final MockOAuth2Server server;
    private final int port;

    private DevIdentityProvider(MockOAuth2Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts the provider on {@code localhost:port}. */
    public static DevIdentityProvider start(int port) {
        MockOAuth2Server server = new MockOAuth2Server(OAuth2Config.Companion.fromJson(configJson()));
        server.start(InetAddress.getLoopbackAddress(), port);
        return new DevIdentityProvider(server, port);
    }

    /** What Tandem's {@code TANDEM_OIDC_PROVIDER_URI} must be set to. */
    public String providerUri() {
        return "http://localhost:" + port + "/" + ISSUER_ID;
    }

    private static String configJson() {
        try (InputStream in = DevIdentityProvider.class.getResourceAsStream("/dev-identity-provider.json")) {
            if (in == null) {
                throw new IllegalStateException("dev-identity-provider.json is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
