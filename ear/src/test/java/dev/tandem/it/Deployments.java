package dev.tandem.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.Filters;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The archives the tests deploy: always the real EAR this build produced. */
public final class Deployments {

    /**
     * Arquillian's client calls its test runner servlet over plain HTTP, which the application
     * redirects to HTTPS. This test-only web fragment exempts exactly that servlet's path (an exact
     * pattern wins over the application's {@code /*}); every application path keeps its constraint.
     */
    private static final String RUNNER_OVER_PLAIN_HTTP = String.join("\n",
            "<web-fragment xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">",
            "  <name>arquillian_plain_http</name>",
            "  <security-constraint>",
            "    <web-resource-collection>",
            "      <web-resource-name>arquillian runner</web-resource-name>",
            "      <url-pattern>/ArquillianServletRunnerEE9</url-pattern>",
            "    </web-resource-collection>",
            "    <user-data-constraint><transport-guarantee>NONE</transport-guarantee></user-data-constraint>",
            "  </security-constraint>",
            "</web-fragment>");

    private Deployments() {
    }

    /** The EAR exactly as built (for tests that act as a client). */
    public static EnterpriseArchive tandemEar() {
        File ear = new File(System.getProperty("tandem.ear", "target/tandem.ear"));
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, ear);
    }

    /**
     * The real EAR with MicroProfile Config settings of its own ({@code name=value} lines), as an
     * operator could ship them: a {@code microprofile-config.properties} in the web module and in the
     * EJB module, below environment variables and system properties and above the defaults. The
     * setting lasts as long as this deployment: the other tests deploy the EAR as built.
     */
    public static EnterpriseArchive tandemEarConfigured(String... settings) {
        EnterpriseArchive ear = tandemEar();
        StringAsset properties = new StringAsset(String.join("\n", settings) + "\n");
        ArchivePath webPath = modulePath(ear, ".*tandem-web.*\\.war");
        WebArchive web = ear.getAsType(WebArchive.class, webPath);
        web.addAsWebInfResource(properties, "classes/META-INF/microprofile-config.properties");
        ArchivePath ejbPath = modulePath(ear, ".*tandem-ejb.*\\.jar");
        JavaArchive ejb = ear.getAsType(JavaArchive.class, ejbPath);
        ejb.addAsManifestResource(properties, "microprofile-config.properties");
        ear.delete(webPath);
        ear.add(web, webPath.getParent(), ZipExporter.class);
        ear.delete(ejbPath);
        ear.add(ejb, ejbPath.getParent(), ZipExporter.class);
        return ear;
    }

    private static ArchivePath modulePath(EnterpriseArchive ear, String pattern) {
        return ear.getContent(Filters.include(pattern)).keySet().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no module " + pattern + " in the EAR"));
    }

    /**
     * The real EAR with the given test classes (and the assertion library) added to its web module,
     * so that they run inside the server next to the application, seeing what it sees.
     */
    public static EnterpriseArchive tandemEarWithTests(Class<?>... testClasses) {
        EnterpriseArchive ear = tandemEar();
        ArchivePath webPath = ear.getContent(Filters.include(".*tandem-web.*\\.war")).keySet().stream()
                .findFirst().orElseThrow(() -> new IllegalStateException("no web module in the EAR"));
        WebArchive web = ear.getAsType(WebArchive.class, webPath);
        web.addClasses(testClasses)
                .addClasses(TestEnvironment.class, TestGroups.class, Rows.class, Rows.Audit.class, Rows.Session.class)
                // The JDBC driver, so in-container tests can set up and read back rows as a DBA would.
                .addAsLibraries(jarOf(org.assertj.core.api.Assertions.class), jarOf(org.postgresql.Driver.class))
                // Awaitility (and its Hamcrest), so in-container tests wait on conditions too.
                .addAsLibraries(jarOf(org.awaitility.Awaitility.class), jarOf(org.hamcrest.Matcher.class))
                .addAsLibrary(ShrinkWrap.create(JavaArchive.class, "arquillian-plain-http.jar")
                        .addAsManifestResource(new StringAsset(RUNNER_OVER_PLAIN_HTTP), "web-fragment.xml"));
        ear.delete(webPath);
        ear.add(web, webPath.getParent(), ZipExporter.class);
        return ear;
    }

    private static File jarOf(Class<?> type) {
        try {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
