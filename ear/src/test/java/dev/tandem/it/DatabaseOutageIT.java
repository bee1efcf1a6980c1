package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.it.VisitorClient.Answer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * While PostgreSQL itself is down (the cluster stopped, as in a failover or a crash), the visitor API
 * answers a JSON 503 {@code unavailable} with {@code Retry-After}, still with the right CORS headers
 * for an origin it already knew, the log grows by lines rather than stack traces, readiness is DOWN,
 * and everything works again by itself once PostgreSQL is back.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class DatabaseOutageIT {

    private static final String ACME = "https://acme.example";
    private static final int REQUESTS = 30;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    @Test
    void whilePostgresIsDownTheVisitorApiAnswers503JsonWithCorsAndRecoversByItself() throws Exception {
        String group = TestGroups.group().origins(ACME).create();
        VisitorClient visitor = VisitorClient.from(ACME);
        Answer started = visitor.start(group);
        assertThat(started.status()).as("started while the database answers").isEqualTo(201);
        String token = started.string("token");
        Path log = TestEnvironment.serverLog();
        long logBefore = Files.size(log);

        List<Answer> answers = new ArrayList<>();
        Answer preflight;
        Answer strangerPreflight;
        try {
            cluster("stop");
            for (int i = 0; i < REQUESTS / 3; i++) {
                answers.add(VisitorClient.from(ACME).start(group));
                answers.add(visitor.post("resume", VisitorClient.continuation(token, group)));
                answers.add(visitor.post("heartbeat", VisitorClient.continuation(token, group)));
            }
            preflight = visitor.preflight("");
            strangerPreflight = visitor.at("https://stranger.example").preflight("");
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(TestHttp.get(TestEnvironment.readiness()).statusCode()).isEqualTo(503));
        } finally {
            cluster("start");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                try (Connection c = TestEnvironment.connectAsOwner()) {
                    return c.isValid(2);
                }
            });
        }

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.raw().headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            assertThat(answer.error()).isEqualTo("unavailable");
            assertThat(answer.raw().headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
            assertThat(answer.raw().headers().firstValue("Access-Control-Allow-Origin")).hasValue(ACME);
            BadRequestsIT.noInternals(answer.raw().body());
        });
        assertThat(preflight.status()).as("a known origin's preflight, from the cache").isEqualTo(204);
        assertThat(preflight.raw().headers().firstValue("Access-Control-Allow-Origin")).hasValue(ACME);
        assertThat(strangerPreflight.raw().headers().firstValue("Access-Control-Allow-Origin")).as("never allow all").isEmpty();
        long growth = Files.size(log) - logBefore;
        assertThat(growth).as("log bytes written for %d failed requests", REQUESTS).isLessThan(16 * 1024);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(VisitorClient.from(ACME).start(group).status()).isEqualTo(201));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(TestHttp.get(TestEnvironment.readiness()).statusCode()).isEqualTo(200));
    }

    /** Debian's own cluster control (as .ci/postgres-test-setup), on the newest installed version. */
    private static void cluster(String action) throws IOException, InterruptedException {
        String version;
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            version = versions.map(p -> p.getFileName().toString()).filter(v -> v.matches("[0-9.]+"))
                    .max((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b))).orElseThrow();
        }
        List<String> command = new ArrayList<>(List.of("pg_ctlcluster", version, "main", action));
        if ("stop".equals(action)) {
            command.addAll(List.of("-m", "fast"));
        }
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("pg_ctlcluster %s finished", action).isTrue();
        assertThat(process.exitValue()).as("pg_ctlcluster %s", action).isZero();
    }
}
