package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Readiness for the load balancer: UP with a "database" check while PostgreSQL answers, DOWN while
 * the application's role cannot reach it, and UP again once it can; an "http-workers" check UP
 * while a worker is free.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class ReadinessIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    @Test
    void readyWhileTheDatabaseAnswers() {
        HttpResponse<String> ready = TestHttp.get(TestEnvironment.readiness());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"name\":\"database\",\"status\":\"UP\"");
        assertThat(ready.body()).as("a free HTTP worker is part of readiness").contains("\"name\":\"http-workers\",\"status\":\"UP\"");
    }

    @Test
    void notReadyWhileTheDatabaseRefusesTheApplicationAndReadyAgainAfter() throws SQLException {
        String database = databaseName();
        try {
            cutTheApplicationOff(database);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                HttpResponse<String> ready = TestHttp.get(TestEnvironment.readiness());
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("\"name\":\"database\",\"status\":\"DOWN\"");
            });
        } finally {
            letTheApplicationIn(database);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(TestHttp.get(TestEnvironment.readiness()).statusCode()).isEqualTo(200));
    }

    /**
     * The database owner withdraws CONNECT, then the application role ends its own open connections
     * (the server's pool), so the server can neither keep nor open one.
     */
    private static void cutTheApplicationOff(String database) throws SQLException {
        try (Connection app = TestEnvironment.connectAsApplication(); Statement asApp = app.createStatement()) {
            try (Connection owner = TestEnvironment.connectAsOwner(); Statement asOwner = owner.createStatement()) {
                asOwner.execute("REVOKE CONNECT ON DATABASE " + database + " FROM PUBLIC");
            }
            asApp.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    + "WHERE usename = current_user AND pid <> pg_backend_pid()");
        }
    }

    private static void letTheApplicationIn(String database) throws SQLException {
        try (Connection owner = TestEnvironment.connectAsOwner(); Statement s = owner.createStatement()) {
            s.execute("GRANT CONNECT ON DATABASE " + database + " TO PUBLIC");
        }
    }

    private static String databaseName() throws SQLException {
        try (Connection owner = TestEnvironment.connectAsOwner()) {
            return owner.getCatalog();
        }
    }
}
