package dev.tandem.it;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Where the tests find what they need, from the environment the build sets (see ear/pom.xml):
 * PostgreSQL and its two roles, the test server's ports (offset so a running demo is undisturbed)
 * and the development identity provider.
 */
public final class TestEnvironment {

    private TestEnvironment() {
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    public static int portOffset() {
        return Integer.parseInt(env("TANDEM_TEST_PORT_OFFSET", "200"));
    }

    public static int oidcPort() {
        return Integer.parseInt(env("TANDEM_TEST_OIDC_PORT", "8290"));
    }

    /**
     * The test server's HTTPS port: {@code TANDEM_TEST_HTTPS_PORT} when the build names it (Payara),
     * else WildFly's 8443 plus the port offset.
     */
    public static int httpsPort() {
        return Integer.parseInt(env("TANDEM_TEST_HTTPS_PORT", String.valueOf(8443 + portOffset())));
    }

    /** The test server's plain HTTP port ({@code TANDEM_TEST_HTTP_PORT}, else 8080 plus the offset). */
    public static int httpPort() {
        return Integer.parseInt(env("TANDEM_TEST_HTTP_PORT", String.valueOf(8080 + portOffset())));
    }

    /** The application's public base, e.g. {@code https://localhost:8643/cobrowse/}. */
    public static URI appBase() {
        return URI.create("https://localhost:" + httpsPort() + "/cobrowse/");
    }

    public static URI plainHttpBase() {
        return URI.create("http://localhost:" + httpPort() + "/cobrowse/");
    }

    /**
     * Where the server answers health: {@code TANDEM_TEST_HEALTH_BASE} when the build names it
     * (Payara serves it on its public HTTP listener), else WildFly's management port plus the offset.
     */
    public static URI health() {
        return URI.create(env("TANDEM_TEST_HEALTH_BASE", "http://localhost:" + (9990 + portOffset()) + "/health") + "/");
    }

    public static URI readiness() {
        return health().resolve("ready");
    }

    /**
     * The directory holding every file the server writes (logs, data, temporary files):
     * {@code tandem.it.server.files} when the build names it (Payara's domain), else WildFly's.
     */
    public static java.nio.file.Path serverFiles() {
        String named = System.getProperty("tandem.it.server.files");
        return named != null ? java.nio.file.Path.of(named) : java.nio.file.Path.of(System.getProperty("jboss.home"), "standalone");
    }

    /**
     * The server's main log: {@code tandem.it.server.log} when the build names it (Payara's
     * {@code logs/server.log} in its domain), else WildFly's {@code standalone/log/server.log}.
     */
    public static java.nio.file.Path serverLog() {
        String named = System.getProperty("tandem.it.server.log");
        return named != null ? java.nio.file.Path.of(named) : serverFiles().resolve("log").resolve("server.log");
    }

    public static String dbUrl() {
        return env("TANDEM_DB_URL", "jdbc:postgresql://localhost:5432/tandem_test");
    }

    /** A connection as the application's least-privilege role. */
    public static Connection connectAsApplication() throws SQLException {
        registerDriver();
        return DriverManager.getConnection(dbUrl(), env("TANDEM_DB_USER", "tandem_app"), env("TANDEM_DB_PASSWORD", "tandem_app"));
    }

    /** A connection as the schema owner. */
    public static Connection connectAsOwner() throws SQLException {
        registerDriver();
        return DriverManager.getConnection(dbUrl(), env("TANDEM_DB_OWNER_USER", "tandem_owner"),
                env("TANDEM_DB_OWNER_PASSWORD", "tandem_owner"));
    }

    /** The port of the demo bank site the browser tests visit. */
    public static int sitePort() {
        return Integer.parseInt(env("TANDEM_TEST_SITE_PORT", "8210"));
    }

    /**
     * Inside the server the driver jar sits in the test's web module, where {@link DriverManager}'s
     * own discovery does not look; loading the class registers it for this class loader.
     */
    private static void registerDriver() {
        try {
            Class.forName("org.postgresql.Driver");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the PostgreSQL JDBC driver is not on the class path", e);
        }
    }

    public static String applicationRole() {
        return env("TANDEM_DB_USER", "tandem_app");
    }
}
