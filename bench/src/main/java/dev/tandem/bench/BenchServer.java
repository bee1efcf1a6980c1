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
    /** The same heap with the JVM's default collector (G1), for comparisons in profile mode. */
    static final String OTHER_JVM_OPTIONS = "-Xms1g -Xmx1g";
    /** The second Java the full run compares: Temurin 25 (where ZGC is generational), with compact object headers. */
    static final Path JAVA_25 = Path.of(System.getProperty("tandem.bench.java25", "/usr/lib/jvm/temurin-25-jdk-amd64"));
    static final String JAVA_25_OPTIONS = "-Xms1g -Xmx1g -XX:+UseZGC -XX:+UseCompactObjectHeaders";
    /**
     * The cores the server (with its database) and the load generator run on, when the machine has
     * at least two and {@code taskset} is there: the generator's work is then not the server's CPU, and
     * the server's is not the generator's lag. {@code -Dtandem.bench.pin=false} turns it off.
     */
    static final String SERVER_CORES = System.getProperty("tandem.bench.server.cores", "1");
    static final String GENERATOR_CORES = System.getProperty("tandem.bench.generator.cores", "0");

    /**
     * Every server setting the benchmark sets that differs from a default installation (what the
     * report lists). The rest is the product's own configuration from wildfly-config/.
     */
    static final Map<String, String> NON_DEFAULT_SETTINGS;

    static {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        // No stream limit is raised: the generator sends at the capture's pace (10 messages/s per
        // visitor, M4's upload 20/s), within the default 30/s and its burst of 100.
        settings.put("TANDEM_LOG_LEVEL", "WARN");
        // Loopback is the benchmark's proxy: each simulated visitor has an address of its own
        // (X-Forwarded-For), so that the per-address start limit applies per visitor.
        settings.put("TANDEM_TRUSTED_PROXIES", "127.0.0.1,0:0:0:0:0:0:0:1");
        settings.put("TANDEM_PUBLIC_ORIGINS", "https://localhost:" + (8443 + OFFSET));
        settings.put("cobrowse_group demo", "idle_timeout_seconds 3600, max_duration_seconds 86400, max_agents 3, origin " + SITE);
        NON_DEFAULT_SETTINGS = java.util.Collections.unmodifiableMap(settings);
    }

    private final String jvmOptions;
    private final Path javaHome;
    private DatabaseSettings database;

    BenchServer(Path repo, String jvmOptions) {
        this(repo, jvmOptions, null);
    }

    /** {@code javaHome} null: the JDK that runs the benchmark. */
    BenchServer(Path repo, String jvmOptions, Path javaHome) {
        this.repo = repo;
        this.jvmOptions = jvmOptions;
        this.javaHome = javaHome;
        this.home = repo.resolve("ear/target/server");
    }

    /** Decided once, before the generator pins itself (after which it sees one core). */
    private static final boolean PINNING = Boolean.parseBoolean(System.getProperty("tandem.bench.pin", "true"))
            && Runtime.getRuntime().availableProcessors() >= 2 && Files.isExecutable(Path.of("/usr/bin/taskset"));

    static boolean pinning() {
        return PINNING;
    }

    /** Pins every thread of a process (and what it starts later) to {@code cores}. */
    static void pin(long pid, String cores) {
        try {
            Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cores, Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("taskset failed for " + pid);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The scheduling priority (nice value) of the benchmark's own processes (generator, server,
     * database) when the machine lets it set one (root): ahead of other work on a shared machine, so
     * that builds and tests of other branches take less of the measured cores. {@code
     * -Dtandem.bench.nice=0} leaves them at the default.
     */
    static final int NICE = Integer.getInteger("tandem.bench.nice", -10);

    /** Whether {@link #favour} took effect on the generator (decided at its start, reported). */
    private static volatile boolean favoured;

    static boolean favoured() {
        return favoured;
    }

    /** Sets every thread of a process to {@link #NICE} (threads and processes it starts later inherit it); false if not allowed. */
    static boolean favour(long pid) {
        if (NICE == 0 || !Files.isExecutable(Path.of("/usr/bin/renice"))) {
            return false;
        }
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("/usr/bin/renice", "-n", Integer.toString(NICE), "-p"));
            tasks.forEach(t -> command.add(t.getFileName().toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            boolean ok = p.waitFor() == 0;
            if (pid == ProcessHandle.current().pid()) {
                favoured = ok;
            }
            return ok;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The server's Java version (from its JDK's {@code release} file). */
    String javaVersion() {
        if (javaHome == null) {
            return System.getProperty("java.version");
        }
        try {
            return Files.readAllLines(javaHome.resolve("release")).stream().filter(l -> l.startsWith("JAVA_VERSION="))
                    .map(l -> l.substring(l.indexOf('=') + 1).replace("\"", "")).findFirst().orElse(javaHome.toString());
        } catch (IOException e) {
            return javaHome.toString();
        }
    }

    String jvmOptions() {
        return jvmOptions;
    }

    /** {@code jcmd} of the JDK that runs the server. */
    /** The repository the benchmark runs in. */
    Path repo() {
        return repo;
    }

    String jcmd() {
        return javaHome == null ? ProcessHandle.current().info().command().map(c -> c.replaceAll("java$", "jcmd")).orElse("jcmd")
                : javaHome.resolve("bin/jcmd").toString();
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
        database = DatabaseSettings.fromEnvironment(System.getenv());
        if (database == null) {
            embedded = EmbeddedDatabase.start(repo.resolve("bench/target/bench-postgres"), DB_PORT);
            database = embedded.settings();
            if (pinning()) {
                // The database works for the server: on the server's core. pg_ctl leaves the postmaster
                // to init, so it is found by its data directory; the backends it forks later inherit the core.
                String dataDirectory = repo.resolve("bench/target/bench-postgres").toString();
                ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(dataDirectory)).orElse(false))
                        .forEach(postmaster -> {
                            pin(postmaster.pid(), SERVER_CORES);
                            favour(postmaster.pid());
                            postmaster.children().forEach(child -> {
                                pin(child.pid(), SERVER_CORES);
                                favour(child.pid());
                            });
                        });
            }
        }
        Path base = repo.resolve("ear/target/bench-server");
        FileTrees.delete(base);
        FileTrees.copy(home.resolve("standalone"), base);
        Files.copy(ear, base.resolve("deployments/tandem.ear"), StandardCopyOption.REPLACE_EXISTING);
        WebArchive nullRelay = ShrinkWrap.create(WebArchive.class, "null-relay.war")
                .add(new ClassLoaderAsset("dev/tandem/bench/NullRelay.class"), "WEB-INF/classes/dev/tandem/bench/NullRelay.class");
        nullRelay.as(ZipExporter.class).exportTo(base.resolve("deployments/null-relay.war").toFile(), true);

        java.util.List<String> command = new java.util.ArrayList<>();
        // The server inherits the generator's nice value (see favour): a nice prefix here would add to it.
        if (pinning()) {
            command.addAll(java.util.List.of("taskset", "-c", SERVER_CORES));
        }
        command.addAll(java.util.List.of(home.resolve("bin/standalone.sh").toString(), "-Djboss.server.base.dir=" + base,
                "-Djboss.socket.binding.port-offset=" + OFFSET));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(base.resolve("console.log").toFile());
        Map<String, String> env = pb.environment();
        if (javaHome != null) {
            env.put("JAVA_HOME", javaHome.toString());
            env.remove("JAVA");
        }
        env.putAll(database.asServerEnvironment());
        env.put("TANDEM_OIDC_PROVIDER_URI", idp.providerUri());
        env.put("TANDEM_TLS_KEYSTORE", base.resolve("configuration/bench-tls.p12").toString());
        NON_DEFAULT_SETTINGS.forEach((name, value) -> {
            if (name.startsWith("TANDEM_")) {
                env.put(name, value);
            }
        });
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
        auditChain(true); // a benchmark database reused from a run that stopped mid-comparison gets its chain trigger back
        piiPolicy("MASK");
        agentModes("view"); // likewise after a run that stopped during M7
    }

    /** The benchmark group's agent modes during M7 (the pointer load); {@code view} otherwise, the column's default. */
    static final String POINTER_MODES = "view,pointer";

    /** Sets the benchmark group's agent modes ({@code view} or {@link #POINTER_MODES}): passes issued afterwards grant them. */
    void agentModes(String modes) throws Exception {
        if (!java.util.Set.of("view", POINTER_MODES).contains(modes)) {
            throw new IllegalArgumentException(modes);
        }
        ownerSql("UPDATE cobrowse_group SET agent_modes = '" + modes + "' WHERE group_id = 'demo'");
    }

    /** Sets the benchmark group's PII tripwire policy (OFF, MASK): sessions opened afterwards stream under it. */
    void piiPolicy(String policy) throws Exception {
        if (!java.util.Set.of("OFF", "MASK").contains(policy)) {
            throw new IllegalArgumentException(policy);
        }
        ownerSql("UPDATE cobrowse_group SET pii_policy = '" + policy + "' WHERE group_id = 'demo'");
    }

    /**
     * The audit hash chain as it is (true), or (false) a baseline trigger in its place that fills the
     * chain columns with a sequence number and constant hashes: no chain lock, no head lookup, no
     * SHA-256. Only for measuring what the chain costs in starts and joins; the benchmark database
     * is its own.
     */
    void auditChain(boolean on) throws Exception {
        if (on) {
            ownerSql("DROP TRIGGER IF EXISTS bench_audit_no_chain ON audit_event; "
                    + "ALTER TABLE audit_event ENABLE TRIGGER audit_event_chain");
        } else {
            // Negative positions: never the chain's head (the chain trigger reads the highest), never one it hands out.
            ownerSql("CREATE SEQUENCE IF NOT EXISTS bench_audit_seq; "
                    + "CREATE OR REPLACE FUNCTION bench_audit_no_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER "
                    + "SET search_path = public, pg_catalog AS $$ BEGIN NEW.chain_seq := -nextval('bench_audit_seq'); "
                    + "NEW.prev_hash := repeat('0', 64); NEW.row_hash := repeat('0', 64); RETURN NEW; END $$; "
                    + "DROP TRIGGER IF EXISTS bench_audit_no_chain ON audit_event; "
                    + "CREATE TRIGGER bench_audit_no_chain BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION bench_audit_no_chain(); "
                    + "ALTER TABLE audit_event DISABLE TRIGGER audit_event_chain");
        }
    }

    private void ownerSql(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(database.url(), database.ownerUser(), database.ownerPassword());
                java.sql.Statement s = c.createStatement()) {
            s.execute(sql);
        }
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
