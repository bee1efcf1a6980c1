package dev.tandem.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * Two cluster nodes of the provisioned cluster server ({@code ear/target/cluster-server}) and HAProxy
 * in front of them (wildfly-config/haproxy/haproxy.cfg), started and stopped by the test itself:
 * each node in its own base directory with the EAR in its deployments, its own port offset (330 and
 * 340: HTTPS 8773 and 8783, management 10320 and 10330, JGroups 7930 and 7940), the balancer on
 * 8753. Their TLS certificate, the JGroups encryption key and the AUTH secret are made here, fresh.
 */
final class ClusterNodes implements AutoCloseable {

    static final int BALANCER_PORT = 8753;
    static final URI BALANCER = URI.create("https://localhost:" + BALANCER_PORT + "/cobrowse/");
    private static final String PASSWORD = "cluster-test";
    private static final Duration READY_WITHIN = Duration.ofSeconds(240);

    /** One node: its name, port offset and, while it runs, its process. */
    static final class Node {
        final String name;
        final int offset;
        Process process;

        Node(String name, int offset) {
            this.name = name;
            this.offset = offset;
        }

        URI base() {
            return URI.create("https://localhost:" + (8443 + offset) + "/cobrowse/");
        }

        String origin() {
            return "https://localhost:" + (8443 + offset);
        }

        int jgroupsPort() {
            return 7600 + offset;
        }

        boolean running() {
            return process != null && process.isAlive();
        }
    }

    final Node a = new Node("node-a", 330);
    final Node b = new Node("node-b", 340);
    private final Path target;
    private final Path server;
    private final Path work;
    private Process balancer;

    ClusterNodes() {
        server = Path.of(System.getProperty("tandem.cluster.server", "target/cluster-server")).toAbsolutePath();
        target = server.getParent();
        work = target.resolve("cluster-it");
    }

    Node other(Node node) {
        return node == a ? b : a;
    }

    Node named(String name) {
        return a.name.equals(name) ? a : b;
    }

    /** Makes the keys, starts both nodes (at once) and the balancer; returns when all are ready. */
    ClusterNodes start() {
        try {
            deleteTree(work);
            Files.createDirectories(work);
            run("keytool", "-genkeypair", "-alias", "node", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-storetype", "PKCS12",
                    "-keystore", work.resolve("tls.p12").toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
            run("keytool", "-exportcert", "-rfc", "-alias", "node", "-keystore", work.resolve("tls.p12").toString(),
                    "-storepass", PASSWORD, "-file", work.resolve("nodes-ca.pem").toString());
            run("openssl", "pkcs12", "-in", work.resolve("tls.p12").toString(), "-nodes", "-passin", "pass:" + PASSWORD,
                    "-out", work.resolve("balancer.pem").toString());
            run("keytool", "-genseckey", "-alias", "tandem-cluster", "-keyalg", "AES", "-keysize", "256", "-storetype", "PKCS12",
                    "-keystore", work.resolve("jgroups.p12").toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
            for (Node node : List.of(a, b)) {
                Path base = work.resolve(node.name);
                copyTree(server.resolve("standalone"), base);
                Files.copy(Path.of(System.getProperty("tandem.ear")), base.resolve("deployments").resolve("tandem.ear"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            // Should the test JVM end without close(), the nodes and the balancer end with it.
            Runtime.getRuntime().addShutdownHook(new Thread(this::close, "cluster-nodes-stop"));
            launch(a);
            launch(b);
            awaitReady(a);
            awaitReady(b);
            startBalancer();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a stopped node again (same base directory, same deployment) and waits until it is ready. */
    void restart(Node node) {
        launch(node);
        awaitReady(node);
        awaitBalancerSees(node);
    }

    /** Stops a node: gracefully, or as a crash (SIGKILL, nothing closed). */
    void stop(Node node, boolean crash) {
        if (node.process == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(node.process.descendants().toList());
        all.add(node.process.toHandle());
        all.forEach(p -> {
            if (crash) {
                p.destroyForcibly();
            } else {
                p.destroy();
            }
        });
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
        node.process = null;
    }

    @Override
    public synchronized void close() {
        if (balancer != null) {
            balancer.destroy();
            try {
                balancer.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            balancer.destroyForcibly();
            balancer = null;
        }
        stop(a, false);
        stop(b, false);
    }

    private void launch(Node node) {
        Path base = work.resolve(node.name);
        ProcessBuilder pb = new ProcessBuilder(server.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base,
                "-Djboss.socket.binding.port-offset=" + node.offset,
                "-Djboss.node.name=" + node.name,
                "-Djboss.tx.node.id=" + node.name)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(node.name + ".out").toFile()));
        Map<String, String> env = pb.environment();
        env.put("JAVA_OPTS", "-Xms64m -Xmx512m -XX:MaxMetaspaceSize=384m -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true");
        env.put("TANDEM_NODE_NAME", node.name);
        env.put("TANDEM_TLS_KEYSTORE", work.resolve("tls.p12").toString());
        env.put("TANDEM_TLS_KEYSTORE_PASSWORD", PASSWORD);
        env.put("TANDEM_PUBLIC_ORIGINS", "https://localhost:" + BALANCER_PORT + "," + a.origin() + "," + b.origin());
        env.put("TANDEM_TRUSTED_PROXIES", "127.0.0.1,0:0:0:0:0:0:0:1");
        env.put("TANDEM_JOIN_KEY_ROTATION_SECONDS", "10");
        env.put("TANDEM_CLUSTER_HOSTS", "127.0.0.1[" + a.jgroupsPort() + "],127.0.0.1[" + b.jgroupsPort() + "]");
        env.put("TANDEM_CLUSTER_KEYSTORE", work.resolve("jgroups.p12").toString());
        env.put("TANDEM_CLUSTER_KEYSTORE_PASSWORD", PASSWORD);
        env.put("TANDEM_CLUSTER_KEY_ALIAS", "tandem-cluster");
        env.put("TANDEM_CLUSTER_SECRET", "cluster-test-secret");
        try {
            node.process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Node node) {
        URI ready = URI.create("http://localhost:" + (9990 + node.offset) + "/health/ready");
        URI app = node.base().resolve("loader.js");
        Awaitility.await(node.name + " ready; see " + work.resolve(node.name + ".out")).atMost(READY_WITHIN)
                .pollInterval(Duration.ofMillis(250)).until(() -> {
                    if (!node.running()) {
                        throw new IllegalStateException(node.name + " exited; see " + work.resolve(node.name + ".out"));
                    }
                    if (Files.exists(work.resolve(node.name).resolve("deployments/tandem.ear.failed"))) {
                        throw new IllegalStateException(node.name + " could not deploy the EAR; see " + work.resolve(node.name + ".out"));
                    }
                    return status(ready) == 200 && status(app) == 200;
                });
    }

    private void startBalancer() throws IOException {
        Path config = Path.of(System.getProperty("tandem.cluster.config", "../wildfly-config")).resolve("haproxy/haproxy.cfg").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("haproxy", "-db", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("haproxy.out").toFile()));
        Map<String, String> env = pb.environment();
        env.put("TANDEM_LB_BIND", "127.0.0.1:" + BALANCER_PORT);
        env.put("TANDEM_LB_CERT", work.resolve("balancer.pem").toString());
        env.put("TANDEM_LB_NODE_CA", work.resolve("nodes-ca.pem").toString());
        env.put("TANDEM_LB_NODE_A", "127.0.0.1:" + (8443 + a.offset));
        env.put("TANDEM_LB_NODE_B", "127.0.0.1:" + (8443 + b.offset));
        env.put("TANDEM_LB_HEALTH_A", Integer.toString(9990 + a.offset));
        env.put("TANDEM_LB_HEALTH_B", Integer.toString(9990 + b.offset));
        balancer = pb.start();
        awaitBalancerSees(a);
        awaitBalancerSees(b);
    }

    /** Waits until the balancer routes to this node: its node cookie is honoured (no new one is set). */
    private void awaitBalancerSees(Node node) {
        String letter = node.name.substring(node.name.length() - 1);
        Awaitility.await("the balancer routes to " + node.name + "; see " + work.resolve("haproxy.out")).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250)).until(() -> {
                    if (balancer == null || !balancer.isAlive()) {
                        throw new IllegalStateException("haproxy exited; see " + work.resolve("haproxy.out"));
                    }
                    try {
                        HttpResponse<String> r = TestHttp.send(java.net.http.HttpRequest.newBuilder(BALANCER.resolve("loader.js"))
                                .header("Cookie", "TANDEM_NODE=" + letter).timeout(Duration.ofSeconds(5)).build());
                        return r.statusCode() == 200 && r.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("TANDEM_NODE="));
                    } catch (RuntimeException notYet) {
                        return false;
                    }
                });
    }

    private static int status(URI uri) {
        try {
            return TestHttp.send(java.net.http.HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build()).statusCode();
        } catch (RuntimeException notYet) {
            return -1;
        }
    }

    private void run(String... command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("setup.out").toFile())).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(command[0] + " failed; see " + work.resolve("setup.out"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
