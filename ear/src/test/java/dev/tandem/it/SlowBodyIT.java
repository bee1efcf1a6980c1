package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.it.VisitorClient.Answer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Clients that send a request body a byte at a time (slow-POST) must not take the server from
 * everyone else: a normal visitor and the loader script are still served within seconds, the slow
 * ones are cut with 408 once the body deadline passes, and one client's surplus connections are
 * refused at once with 429.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class SlowBodyIT {

    private static final String ACME = "https://acme.example";
    private static final int SLOW_CLIENTS = 40;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    @Test
    void slowBodiesNeitherStarveOthersNorLastForever() throws Exception {
        String group = TestGroups.group().origins(ACME).create();
        ScheduledExecutorService dribble = Executors.newScheduledThreadPool(2);
        ExecutorService readers = Executors.newFixedThreadPool(SLOW_CLIENTS);
        List<RawHttp> slow = new ArrayList<>();
        try {
            List<CompletableFuture<RawHttp.Answer>> cut = new ArrayList<>();
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                RawHttp connection = startSlowPost("198.19.7." + (i + 1), dribble);
                slow.add(connection);
                cut.add(CompletableFuture.supplyAsync(connection::read, readers));
            }

            long began = System.nanoTime();
            Answer normal = VisitorClient.from(ACME).send(VisitorClient.from(ACME).request("")
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(VisitorClient.startBody(group, group).build().toString())));
            assertThat(normal.status()).isEqualTo(201);
            HttpResponse<String> loader = TestHttp.send(HttpRequest.newBuilder(TestEnvironment.appBase().resolve("loader.js"))
                    .timeout(Duration.ofSeconds(5)).GET().build());
            assertThat(loader.statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(8));

            CompletableFuture.allOf(cut.toArray(CompletableFuture[]::new)).get(40, TimeUnit.SECONDS);
            assertThat(cut).allSatisfy(answer -> {
                RawHttp.Answer a = answer.join();
                assertThat(a.status()).as("slow body cut with").isEqualTo(408);
                assertThat(a.body()).contains("\"error\":\"request_timeout\"");
            });
        } finally {
            dribble.shutdownNow();
            readers.shutdownNow();
            slow.forEach(RawHttp::close);
        }
    }

    @Test
    void oneClientsSurplusSlowBodiesAreRefusedAtOnce() throws Exception {
        TestGroups.group().origins(ACME).create();
        ScheduledExecutorService dribble = Executors.newScheduledThreadPool(1);
        ExecutorService readers = Executors.newFixedThreadPool(12);
        List<RawHttp> slow = new ArrayList<>();
        try {
            List<CompletableFuture<RawHttp.Answer>> answers = new ArrayList<>();
            long began = System.nanoTime();
            for (int i = 0; i < 12; i++) {
                RawHttp connection = startSlowPost("198.19.8.1", dribble);
                slow.add(connection);
                answers.add(CompletableFuture.supplyAsync(connection::read, readers));
            }
            CompletableFuture.anyOf(answers.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
            List<RawHttp.Answer> early = answers.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join).toList();
            assertThat(early).isNotEmpty().allSatisfy(a -> {
                assertThat(a.status()).isEqualTo(429);
                assertThat(a.body()).contains("\"error\":\"too_many_requests\"");
                assertThat(a.header("Retry-After")).isPresent();
                assertThat(a.header("Access-Control-Allow-Origin")).hasValue(ACME);
            });
        } finally {
            dribble.shutdownNow();
            readers.shutdownNow();
            slow.forEach(RawHttp::close);
        }
    }

    /**
     * A visitor-API POST announcing a 200-byte body, of which one byte arrives every second (to the
     * heartbeat, which no start limit guards, so that only the body limits can answer).
     */
    private static RawHttp startSlowPost(String clientIp, ScheduledExecutorService dribble) throws IOException {
        RawHttp connection = RawHttp.connect(Duration.ofSeconds(60));
        connection.write("POST /cobrowse/api/visitor/sessions/heartbeat HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Origin: " + ACME + "\r\nX-Forwarded-For: " + clientIp + "\r\nContent-Length: 200\r\n\r\n{");
        dribble.scheduleAtFixedRate(() -> {
            try {
                connection.write(" ");
            } catch (IOException closed) {
                throw new IllegalStateException("cut", closed);
            }
        }, 1, 1, TimeUnit.SECONDS);
        return connection;
    }
}
