package dev.tandem.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The node's proxy: cache per group policy, stylesheets rewritten, session budgets and the cap on fetches at once. */
class AssetProxyTest {

    private HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private final CountDownLatch slowStarted = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService pool = Executors.newSingleThreadExecutor();
    private final SteppedClock clock = new SteppedClock();

    /** A clock that stands still until a test moves it. */
    static final class SteppedClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-29T12:00:00Z"));

        void advance(Duration step) {
            now.updateAndGet(t -> t.plus(step));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/a.png", x -> send(x, "image/png", new byte[10]));
        server.createContext("/site.css", x -> send(x, "text/css", "body { background: url(img/bg.png) }".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/three-seconds.png", x -> {
            clock.advance(Duration.ofSeconds(3)); // the origin took three seconds to answer, as the proxy's clock sees it
            send(x, "image/png", new byte[10]);
        });
        server.createContext("/slow.png", x -> {
            slowStarted.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(x, "image/png", new byte[10]);
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        pool.shutdownNow();
        server.stop(0);
    }

    private void send(HttpExchange x, String type, byte[] body) throws IOException {
        fetches.incrementAndGet();
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("Cache-Control", "max-age=600");
        x.sendResponseHeaders(200, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private AssetProxy proxy(long sessionMaxBytes, int maxConcurrent) {
        return proxy(sessionMaxBytes, maxConcurrent, 300, Clock.systemUTC());
    }

    private AssetProxy proxy(long sessionMaxBytes, int maxConcurrent, long sessionMaxFetchSeconds, Clock clock) {
        AssetProxy proxy = new AssetProxy();
        proxy.maxAssetBytes = 1_000_000;
        proxy.connectTimeoutMs = 5000;
        proxy.readTimeoutMs = 10_000;
        proxy.fetchTimeoutMs = 20_000;
        proxy.maxRedirects = 5;
        proxy.maxConcurrent = maxConcurrent;
        proxy.sessionMaxBytes = sessionMaxBytes;
        proxy.sessionMaxFetchSeconds = sessionMaxFetchSeconds;
        proxy.cacheMaxBytes = 1_000_000;
        proxy.internalHosts = Optional.of("localhost");
        proxy.forwardHost = Optional.empty();
        proxy.forwardUser = Optional.empty();
        proxy.forwardPassword = Optional.empty();
        proxy.noProxy = Optional.empty();
        proxy.clock = clock;
        proxy.start();
        return proxy;
    }

    private static AssetAccess.AssetGrant grant(String session, boolean disableCaching) {
        return new AssetAccess.AssetGrant(session, "g", "alice", AssetHosts.of(List.of("http://localhost"), List.of()), disableCaching);
    }

    private String url(String path) {
        return "http://localhost:" + server.getAddress().getPort() + path;
    }

    @Test
    void aCachedAssetIsNotFetchedAgainUnlessTheGroupDisablesCaching() {
        AssetProxy proxy = proxy(1_000_000, 4);
        proxy.serve(grant("s1", false), url("/a.png"));
        proxy.serve(grant("s1", false), url("/a.png"));
        assertThat(fetches).hasValue(1);
        proxy.serve(grant("s2", true), url("/a.png"));
        proxy.serve(grant("s2", true), url("/a.png"));
        assertThat(fetches).hasValue(3);
        assertThat(proxy.cachedBytes()).isEqualTo(10);
    }

    @Test
    void aStylesheetsReferencesAreRewrittenToTheProxy() {
        String css = new String(proxy(1_000_000, 4).serve(grant("s1", true), url("/site.css")).body(), StandardCharsets.UTF_8);
        assertThat(css).isEqualTo("body { background: url(\"/cobrowse/asset?u=http%3A%2F%2Flocalhost%3A"
                + server.getAddress().getPort() + "%2Fimg%2Fbg.png\") }");
    }

    @Test
    void aSessionThatUsedItsBytesGetsNoMoreFetchesButOthersDo() {
        AssetProxy proxy = proxy(15, 4);
        proxy.serve(grant("s1", true), url("/a.png"));
        proxy.serve(grant("s1", true), url("/a.png"));
        assertThatThrownBy(() -> proxy.serve(grant("s1", true), url("/a.png"))).isInstanceOfSatisfying(AssetRefusal.class,
                r -> assertThat(r.reason()).isEqualTo(AssetRefusal.Reason.SESSION_BUDGET));
        assertThat(fetches).hasValue(2);
        proxy.serve(grant("s2", true), url("/a.png"));
        assertThat(fetches).hasValue(3);
    }

    @Test
    void aSessionThatUsedItsFetchTimeGetsNoMoreFetchesButOthersDo() {
        AssetProxy proxy = proxy(1_000_000, 4, 5, clock);
        proxy.serve(grant("s1", true), url("/three-seconds.png"));
        proxy.serve(grant("s1", true), url("/three-seconds.png"));
        assertThatThrownBy(() -> proxy.serve(grant("s1", true), url("/a.png"))).as("six seconds of five spent")
                .isInstanceOfSatisfying(AssetRefusal.class, r -> {
                    assertThat(r.reason()).isEqualTo(AssetRefusal.Reason.SESSION_BUDGET);
                    assertThat(r.status()).isEqualTo(429);
                });
        assertThat(fetches).hasValue(2);
        proxy.serve(grant("s2", true), url("/a.png"));
        assertThat(fetches).hasValue(3);
    }

    @Test
    void fetchesBeyondTheCapAreRefusedAtOnce() throws Exception {
        AssetProxy proxy = proxy(1_000_000, 1);
        Future<FetchedAsset> slow = pool.submit(() -> proxy.serve(grant("s1", true), url("/slow.png")));
        slowStarted.await();
        assertThatThrownBy(() -> proxy.serve(grant("s2", true), url("/a.png"))).isInstanceOfSatisfying(AssetRefusal.class,
                r -> assertThat(r.reason()).isEqualTo(AssetRefusal.Reason.BUSY));
        release.countDown();
        assertThat(slow.get().body()).hasSize(10);
        proxy.serve(grant("s2", true), url("/a.png"));
    }
}
