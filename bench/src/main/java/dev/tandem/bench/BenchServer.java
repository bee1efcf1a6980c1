package dev.tandem.bench;

import dev.tandem.demo.DatabaseSettings;
import dev.tandem.demo.DevIdentityProvider;
import dev.tandem.demo.EmbeddedDatabase;
import dev.tandem.demo.FileTrees;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.ClassLoaderAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The benchmark's own server: the provisioned WildFly from {@code ear/target/server} with a base
 * directory of its own (port offset 300, so a demo or a test run is undisturbed), the EAR, and the
 * null relay WAR beside it; the development identity provider; PostgreSQL (embedded unless
 * {@code TANDEM_DB_URL} is set). Its CPU and memory are read from /proc.
 */
final class BenchServer implements AutoCloseable {

    static final int OFFSET = 300;
    static final String SITE = "https://bench.example";
    private static final int IDP_PORT = 8390;
    private static final int DB_PORT = 15433;

    private final Path repo;
    private final Path home;
    private DevIdentityProvider idp;
    private EmbeddedDatabase embedded;
    private Process server;
    private long javaPid = -1;

    /** The server's heap and collector for M1–M5: ZGC, as docs/operations.md recommends for a relay node. */
    static final String JVM_OPTIONS = "-Xms1g -Xmx1g -XX:+UseZGC";
    /** The same heap with the JVM's default collector (G1), for the comparison in docs/benchmarks.md. */
    static final String OTHER_JVM_OPTIONS = "-Xms1g -Xmx1g";

    private final String jvmOptions;

    BenchServer(Path repo, String jvmOptions) {
        this.repo = repo;
        this.jvmOptions = jvmOptions;
        this.home = repo.resolve("ear/target/server");
    }

    URI appBase() {
        return URI.create("https://localhost:" + (8443 + OFFSET) + "/cobrowse/");
    }

    URI nullRelayBase() {
        return URI.create("wss://localhost:" + (8443 + OFFSET) + "/null-relay/");
    }

    ServerCpu cpu() {
        return new ServerCpu(javaPid);
    }

    long pid() {
        return javaPid;
    }

    void start() throws Exception {
        Path ear = repo.resolve("ear/target/tandem.ear");
        if (!Files.isRegularFile(home.resolve("bin/standalone.sh")) || !Files.isRegularFile(ear)) {
            throw new IllegalStateException("No provisioned server or EAR under ear/target: run ./mvnw -Pbench clean verify from the repository root.");
        }
        idp = DevIdentityProvider.start(IDP_PORT);
        DatabaseSettings database = DatabaseSettings.fromEnvironment(System.getenv());
        if (database == null) {
            embedded = EmbeddedDatabase.start(repo.resolve("bench/target/bench-postgres"), DB_PORT);
            database = embedded.settings();
        }
        Path base = repo.resolve("ear/target/bench-server");
        FileTrees.delete(base);
        FileTrees.copy(home.resolve("standalone"), base);
        Files.copy(ear, base.resolve("deployments/tandem.ear"), StandardCopyOption.REPLACE_EXISTING);
        WebArchive nullRelay = ShrinkWrap.create(WebArchive.class, "null-relay.war")
                .add(new ClassLoaderAsset("dev/tandem/bench/NullRelay.class"), "WEB-INF/classes/dev/tandem/bench/NullRelay.class");
        nullRelay.as(ZipExporter.class).exportTo(base.resolve("deployments/null-relay.war").toFile(), true);

        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/standalone.sh").toString(), "-Djboss.server.base.dir=" + base,
                "-Djboss.socket.binding.port-offset=" + OFFSET)
                .redirectErrorStream(true).redirectOutput(base.resolve("console.log").toFile());
        Map<String, String> env = pb.environment();
        env.putAll(database.asServerEnvironment());
        env.put("TANDEM_OIDC_PROVIDER_URI", idp.providerUri());
        env.put("TANDEM_TLS_KEYSTORE", base.resolve("configuration/bench-tls.p12").toString());
        env.put("TANDEM_PUBLIC_ORIGINS", "https://localhost:" + (8443 + OFFSET));
        env.put("TANDEM_TRUSTED_PROXIES", "127.0.0.1,0:0:0:0:0:0:0:1");
        env.put("TANDEM_LOG_LEVEL", "WARN");
        // The benchmark measures the relay, not the abuse limit: an open-loop sender that fell behind
        // catches up in bursts, which the default 30 messages/s per visitor would close as a flood.
        env.put("TANDEM_STREAM_MAX_MESSAGES_PER_SECOND", "1000");
        String profile = System.getProperty("tandem.bench.jfr", "");
        env.put("JAVA_OPTS", jvmOptions + " -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=256m -Djava.net.preferIPv4Stack=true "
                + "-Djboss.modules.system.pkgs=org.jboss.byteman -Djava.awt.headless=true"
                // -Dtandem.bench.jfr=FILE profiles the server with Flight Recorder (how the hot spots were found).
                + (profile.isEmpty() ? "" : " -XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + profile));
        server = pb.start();
        awaitReady();
        javaPid = server.descendants().filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElseThrow(() -> new IllegalStateException("no server JVM found"));
        seedGroup(database);
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + (9990 + OFFSET) + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline) && server.isAlive()) {
            try {
                HttpResponse<String> response = http.send(ready, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"database\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // the management interface is not listening yet
            }
            OpenLoopLoad.waitFor(Duration.ofSeconds(1));
        }
        throw new IllegalStateException("the benchmark server did not become ready; see ear/target/bench-server/console.log");
    }

    /** The demo agents' group, allowing the benchmark's visitor origin, with long timeouts. */
    private static void seedGroup(DatabaseSettings db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.ownerUser(), db.ownerPassword());
                PreparedStatement group = c.prepareStatement("INSERT INTO cobrowse_group (group_id, display_name, idle_timeout_seconds, "
                        + "max_duration_seconds, max_agents) VALUES ('demo', 'Tandem Demo Bank', 3600, 86400, 3) ON CONFLICT (group_id) DO "
                        + "UPDATE SET idle_timeout_seconds = 3600, max_duration_seconds = 86400, max_agents = 3, enabled = TRUE");
                PreparedStatement origin = c.prepareStatement(
                        "INSERT INTO cobrowse_group_origin (group_id, origin) VALUES ('demo', ?) ON CONFLICT DO NOTHING")) {
            group.executeUpdate();
            origin.setString(1, SITE);
            origin.executeUpdate();
        }
    }

    @Override
    public void close() {
        if (server != null && server.isAlive()) {
            try {
                new ProcessBuilder(home.resolve("bin/jboss-cli.sh").toString(), "--connect", "--controller=localhost:" + (9990 + OFFSET),
                        "--command=:shutdown").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
                server.waitFor();
            } catch (IOException | InterruptedException e) {
                server.destroy();
            }
        }
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                System.err.println("could not stop the embedded database: " + e);
            }
        }
        if (idp != null) {
            idp.close();
        }
    }
}
