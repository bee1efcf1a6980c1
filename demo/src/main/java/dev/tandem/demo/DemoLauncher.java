package dev.tandem.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the whole product for a demo: the development identity provider, PostgreSQL (embedded
 * unless {@code TANDEM_DB_URL} is set), the demo bank website and the provisioned WildFly with the
 * EAR; waits until the server is ready, prints the URLs and demo sign-ins, and on Ctrl-C shuts the
 * server down through its management CLI before stopping the rest.
 *
 * <p>Run by the README's run command ({@code ./mvnw -Pdemo package}); the server and the EAR are
 * the ones that build just provisioned in {@code ear/target}.
 */
public final class DemoLauncher {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final Path repo;
    private final int idpPort = Integer.getInteger("tandem.demo.idp-port", 8090);
    private final int sitePort = Integer.getInteger("tandem.demo.site-port", 8000);
    private final int dbPort = Integer.getInteger("tandem.demo.db-port", 15432);
    private final List<AutoCloseable> started = new ArrayList<>();

    private DemoLauncher(Path repo) {
        this.repo = repo;
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(System.getProperty("tandem.repo", ".")).toAbsolutePath().normalize();
        new DemoLauncher(repo).run();
    }

    private void run() throws Exception {
        Path serverHome = repo.resolve("ear/target/server");
        Path ear = repo.resolve("ear/target/tandem.ear");
        if (!Files.isRegularFile(serverHome.resolve("bin/standalone.sh")) || !Files.isRegularFile(ear)) {
            throw new IllegalStateException("No provisioned server or EAR under " + repo.resolve("ear/target")
                    + ": run the README's run command from the repository root.");
        }

        DevIdentityProvider idp = DevIdentityProvider.start(idpPort);
        started.add(idp);
        DatabaseSettings database = DatabaseSettings.fromEnvironment(System.getenv());
        if (database == null) {
            Path dataDir = Path.of(System.getProperty("tandem.demo.data-dir",
                    Path.of(System.getProperty("user.home"), ".tandem", "demo-postgres").toString()));
            EmbeddedDatabase embedded = EmbeddedDatabase.start(dataDir, dbPort);
            started.add(embedded);
            database = embedded.settings();
        }
        DemoSite site = DemoSite.start(sitePort, "https://localhost:8443/cobrowse/");
        started.add(site);

        Path base = prepareServerBase(serverHome, ear);
        Process server = startServer(serverHome, base, database, idp);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(serverHome, server), "tandem-demo-shutdown"));

        if (!awaitReady(server)) {
            System.err.println("Tandem did not become ready within " + READY_TIMEOUT.toMinutes()
                    + " minutes; see the server log above.");
            System.exit(1);
        }
        DemoGroups.seed(database, site.origin());
        printBanner(site, idp, database);
        int exit = server.waitFor();
        System.exit(exit);
    }

    /** A server base directory of its own, so the demo never disturbs the one the tests use. */
    private Path prepareServerBase(Path serverHome, Path ear) throws IOException {
        Path base = repo.resolve("ear/target/demo-server");
        Path tls = base.resolve("configuration/tandem-tls.p12");
        // Keep the generated development certificate so browsers need to accept it only once.
        Path keptTls = Files.exists(tls) ? copyAside(tls) : null;
        FileTrees.delete(base);
        FileTrees.copy(serverHome.resolve("standalone"), base);
        if (keptTls != null) {
            Files.move(keptTls, tls, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.copy(ear, base.resolve("deployments/tandem.ear"), StandardCopyOption.REPLACE_EXISTING);
        return base;
    }

    private Process startServer(Path serverHome, Path base, DatabaseSettings database, DevIdentityProvider idp)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(serverHome.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base)
                .inheritIO();
        Map<String, String> env = pb.environment();
        env.putAll(database.asServerEnvironment());
        env.putIfAbsent("TANDEM_OIDC_PROVIDER_URI", idp.providerUri());
        env.put("TANDEM_TLS_KEYSTORE", base.resolve("configuration/tandem-tls.p12").toString());
        // The demo bank runs on localhost, an address the asset proxy refuses unless the operator
        // allows the host explicitly; a real deployment's sites are on public addresses.
        env.putIfAbsent("TANDEM_PROXY_INTERNAL_HOSTS", "localhost");
        return pb.start();
    }

    private boolean awaitReady(Process server) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:9990/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline) && server.isAlive()) {
            try {
                HttpResponse<String> response = http.send(ready, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"database\"")) {
                    return true;
                }
            } catch (IOException notYet) {
                // The management interface is not listening yet.
            }
            Thread.sleep(1000); // polling an external process's readiness: there is nothing to wait on
        }
        return false;
    }

    private void printBanner(DemoSite site, DevIdentityProvider idp, DatabaseSettings database) {
        StringBuilder b = new StringBuilder("\n");
        b.append("==================================================================\n");
        b.append(" Tandem is running\n");
        b.append("   Visitor demo page : ").append(site.url())
                .append("  (press \"Share my screen\" or Ctrl+Alt+Y for a session key)\n");
        b.append("   Agent console     : https://localhost:8443/cobrowse/agent/  (self-signed certificate)\n");
        b.append("   Identity provider : ").append(idp.providerUri()).append("  (development only)\n");
        b.append("   Readiness         : http://localhost:9990/health/ready\n");
        b.append("   Database          : ").append(database.description()).append('\n');
        b.append("   Demo sign-ins (type the user name, leave claims empty):\n");
        for (DemoAgent agent : DemoAgent.ALL) {
            b.append(String.format("     %-8s %s%n", agent.username(), agent.description()));
        }
        b.append("   Demo machine client (client-credentials; scopes cobrowse.agents.revoke, cobrowse.sessions.read,\n");
        b.append("   cobrowse.sessions.end; from this machine only; any secret is accepted by the development provider):\n");
        b.append("     curl -s -d grant_type=client_credentials -d client_id=").append(DemoGroups.DEMO_MACHINE_CLIENT)
                .append(" -d client_secret=dev ").append(idp.providerUri()).append("/token\n");
        b.append("     curl -sk -H \"Authorization: Bearer $TOKEN\" https://localhost:8443/cobrowse/api/machine/sessions\n");
        b.append(" Press Ctrl-C to stop.\n");
        b.append("==================================================================\n");
        System.out.println(b);
    }

    private void stop(Path serverHome, Process server) {
        if (server.isAlive()) {
            try {
                new ProcessBuilder(serverHome.resolve("bin/jboss-cli.sh").toString(), "--connect", "--command=:shutdown")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
                server.waitFor();
            } catch (IOException | InterruptedException e) {
                server.destroy();
            }
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("Could not stop " + started.get(i).getClass().getSimpleName() + ": " + e);
            }
        }
    }

    private static Path copyAside(Path file) throws IOException {
        Path aside = Files.createTempFile("tandem-tls", ".p12");
        Files.copy(file, aside, StandardCopyOption.REPLACE_EXISTING);
        return aside;
    }
}
