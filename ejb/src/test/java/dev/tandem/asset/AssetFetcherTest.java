package dev.tandem.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.testsupport.ConnectProxy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fetcher against a local HTTP server, with a fake {@link Network} that answers name lookups as
 * each test wants and records every connection (then connects it to the local server instead), so
 * public-looking addresses can be tested without leaving the machine.
 */
class AssetFetcherTest {

    private static final String PUBLIC = "93.184.216.34";
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0};

    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Map<String, List<String>>> requestHeaders = new CopyOnWriteArrayList<>();
    private final FakeNetwork network = new FakeNetwork();
    private final AssetHosts allowed = AssetHosts.of(List.of("https://www.bank.example"), List.of("cdn.test", "*.fonts.test"));

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/img.png", x -> {
            x.getResponseHeaders().add("Content-Type", "image/png");
            x.getResponseHeaders().add("Set-Cookie", "tracker=1");
            x.getResponseHeaders().add("Cache-Control", "public, max-age=60");
            send(x, 200, PNG);
        });
        server.createContext("/cached.png", x -> {
            x.getResponseHeaders().add("Content-Type", "image/png; charset=binary");
            x.getResponseHeaders().add("Cache-Control", "public, max-age=60");
            send(x, 200, PNG);
        });
        server.createContext("/private.png", x -> {
            x.getResponseHeaders().add("Content-Type", "image/png");
            x.getResponseHeaders().add("Cache-Control", "private, max-age=60");
            send(x, 200, PNG);
        });
        server.createContext("/page.html", x -> {
            x.getResponseHeaders().add("Content-Type", "text/html");
            send(x, 200, "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/script.js", x -> {
            x.getResponseHeaders().add("Content-Type", "application/javascript");
            send(x, 200, "alert(1)".getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/big.png", x -> {
            x.getResponseHeaders().add("Content-Type", "image/png");
            send(x, 200, new byte[5000]);
        });
        server.createContext("/big-chunked.png", x -> {
            x.getResponseHeaders().add("Content-Type", "image/png");
            x.sendResponseHeaders(200, 0); // chunked
            try (OutputStream out = x.getResponseBody()) {
                for (int i = 0; i < 10; i++) {
                    out.write(new byte[1000]);
                }
            } catch (IOException cut) {
                // the fetcher hung up once it had enough
            }
        });
        server.createContext("/slow.png", x -> {
            x.getResponseHeaders().add("Content-Type", "image/png");
            x.sendResponseHeaders(200, PNG.length);
            awaitRelease();
            x.close();
        });
        server.createContext("/to-evil", x -> redirect(x, "http://evil.test/img.png"));
        server.createContext("/to-internal", x -> redirect(x, "http://inside.cdn.test/img.png"));
        server.createContext("/to-cdn", x -> redirect(x, "/img.png"));
        server.createContext("/loop", x -> redirect(x, "/loop"));
        server.start();
        network.answer("cdn.test", PUBLIC);
        network.answer("a.fonts.test", PUBLIC);
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    private AssetFetcher fetcher(Set<String> internalHosts, ForwardProxy forward) {
        return new AssetFetcher(new FetchLimits(4096, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), 3),
                forward, internalHosts, network, (SSLSocketFactory) SSLSocketFactory.getDefault(), Clock.systemUTC());
    }

    private AssetFetcher fetcher() {
        return fetcher(Set.of(), ForwardProxy.NONE);
    }

    private String url(String host, String path) {
        return "http://" + host + ":" + server.getAddress().getPort() + path;
    }

    @Test
    void anAllowedImageIsFetchedFromTheCheckedAddressWithoutTheOriginsCookiesAndWithNothingFromTheAgent() {
        FetchedAsset asset = fetcher().fetch(url("cdn.test", "/img.png"), allowed);
        assertThat(asset.mediaType()).isEqualTo("image/png");
        assertThat(asset.body()).isEqualTo(PNG);
        assertThat(asset.freshFor()).as("an answer that sets a cookie is never cached").isZero();
        assertThat(asset.hosts()).containsExactly("cdn.test");
        assertThat(network.connections).containsExactly(PUBLIC + ":" + server.getAddress().getPort());
        Map<String, List<String>> sent = requestHeaders.get(0);
        assertThat(sent.keySet()).map(String::toLowerCase)
                .containsExactlyInAnyOrder("host", "user-agent", "accept", "accept-encoding", "connection");
        assertThat(sent.get("Host")).containsExactly("cdn.test:" + server.getAddress().getPort());
    }

    @Test
    void theOriginsCacheLifetimeIsKeptAndPrivateOrNoStoreAnswersAreNotCached() {
        assertThat(fetcher().fetch(url("cdn.test", "/cached.png"), allowed).freshFor()).isEqualTo(Duration.ofSeconds(60));
        assertThat(fetcher().fetch(url("cdn.test", "/private.png"), allowed).freshFor()).isZero();
    }

    @Test
    void aHostOffTheAllowListIsRefusedWithoutALookupOrAConnection() {
        assertRefused(() -> fetcher().fetch(url("evil.test", "/img.png"), allowed), AssetRefusal.Reason.HOST_NOT_ALLOWED, "evil.test");
        assertRefused(() -> fetcher().fetch(url("fonts.test", "/img.png"), allowed), AssetRefusal.Reason.HOST_NOT_ALLOWED, "fonts.test");
        assertThat(network.lookups).isEmpty();
        assertThat(network.connections).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.7", "192.168.0.1", "172.20.1.1", "169.254.169.254", "169.254.3.3", "224.0.0.251",
        "fd00::1", "fe80::1", "::1", "::ffff:127.0.0.1", "0.0.0.0", "fd00:ec2::254", "100.100.100.200"})
    void anAllowedHostThatResolvesToAnInternalAddressIsRefusedBeforeConnecting(String address) {
        network.answer("cdn.test", address);
        assertRefused(() -> fetcher().fetch(url("cdn.test", "/img.png"), allowed), AssetRefusal.Reason.ADDRESS_REFUSED, "cdn.test");
        assertThat(network.connections).isEmpty();
    }

    @Test
    void oneInternalAnswerAmongPublicOnesRefusesTheHost() {
        network.answer("cdn.test", PUBLIC, "10.0.0.1");
        assertRefused(() -> fetcher().fetch(url("cdn.test", "/img.png"), allowed), AssetRefusal.Reason.ADDRESS_REFUSED, "cdn.test");
        assertThat(network.connections).isEmpty();
    }

    @Test
    void anAllowedHostThatDoesNotResolveIsRefusedAsUnknownWithoutAConnection() {
        AssetHosts withGone = AssetHosts.of(List.of(), List.of("gone.cdn.test"));
        assertRefused(() -> fetcher().fetch(url("gone.cdn.test", "/img.png"), withGone), AssetRefusal.Reason.UNKNOWN_HOST, "gone.cdn.test");
        assertThat(network.lookups).containsExactly("gone.cdn.test");
        assertThat(network.connections).isEmpty();
        assertThat(new AssetRefusal(AssetRefusal.Reason.UNKNOWN_HOST, "gone.cdn.test", null).status()).isEqualTo(502);
    }

    @Test
    void aLiteralInternalAddressIsRefusedEvenWhenItIsOnTheAllowList() {
        AssetHosts literal = AssetHosts.of(List.of(), List.of("127.0.0.1", "[::1]"));
        network.literal = true;
        assertRefused(() -> fetcher().fetch(url("127.0.0.1", "/img.png"), literal), AssetRefusal.Reason.ADDRESS_REFUSED, "127.0.0.1");
        assertRefused(() -> fetcher().fetch("http://[::1]:" + server.getAddress().getPort() + "/img.png", literal),
                AssetRefusal.Reason.ADDRESS_REFUSED, "[::1]");
        assertThat(network.connections).isEmpty();
    }

    @Test
    void dnsAnswersThatChangeBetweenLookupsCannotRedirectTheConnection() {
        network.rebind("cdn.test", PUBLIC, "127.0.0.1");
        FetchedAsset asset = fetcher().fetch(url("cdn.test", "/img.png"), allowed);
        assertThat(asset.body()).isEqualTo(PNG);
        assertThat(network.lookups).containsExactly("cdn.test");
        assertThat(network.connections).containsExactly(PUBLIC + ":" + server.getAddress().getPort());
        assertRefused(() -> fetcher().fetch(url("cdn.test", "/img.png"), allowed), AssetRefusal.Reason.ADDRESS_REFUSED, "cdn.test");
        assertThat(network.connections).hasSize(1);
    }

    @Test
    void anOperatorMayAllowAnInternalAssetHostButNeverAMetadataAddress() {
        network.answer("cdn.test", "127.0.0.1");
        assertThat(fetcher(Set.of("cdn.test"), ForwardProxy.NONE).fetch(url("cdn.test", "/img.png"), allowed).body()).isEqualTo(PNG);
        network.answer("cdn.test", "169.254.169.254");
        assertRefused(() -> fetcher(Set.of("cdn.test"), ForwardProxy.NONE).fetch(url("cdn.test", "/img.png"), allowed),
                AssetRefusal.Reason.ADDRESS_REFUSED, "cdn.test");
    }

    @Test
    void aRedirectToAHostOffTheAllowListIsRefusedWithoutFollowingIt() {
        assertRefused(() -> fetcher().fetch(url("cdn.test", "/to-evil"), allowed), AssetRefusal.Reason.HOST_NOT_ALLOWED, "evil.test");
        assertThat(network.lookups).containsExactly("cdn.test");
        assertThat(network.connections).hasSize(1);
    }

    @Test
    void aRedirectIsCheckedAgainFromTheStart() {
        AssetHosts withInside = AssetHosts.of(List.of(), List.of("cdn.test", "inside.cdn.test"));
        network.answer("inside.cdn.test", "192.168.1.10");
        assertRefused(() -> fetcher().fetch(url("cdn.test", "/to-internal"), withInside), AssetRefusal.Reason.ADDRESS_REFUSED,
                "inside.cdn.test");
        assertThat(network.connections).hasSize(1);
        FetchedAsset followed = fetcher().fetch(url("cdn.test", "/to-cdn"), allowed);
        assertThat(followed.body()).isEqualTo(PNG);
        assertThat(followed.hosts()).containsExactly("cdn.test", "cdn.test");
        assertRefused(() -> fetcher().fetch(url("cdn.test", "/loop"), allowed), AssetRefusal.Reason.TOO_MANY_REDIRECTS, "cdn.test");
    }

    @Test
    void contentTypesOtherThanImagesFontsAndStylesheetsAreRefused() {
        assertRefused(() -> fetcher().fetch(url("cdn.test", "/page.html"), allowed), AssetRefusal.Reason.CONTENT_TYPE, "cdn.test");
        assertRefused(() -> fetcher().fetch(url("cdn.test", "/script.js"), allowed), AssetRefusal.Reason.CONTENT_TYPE, "cdn.test");
        assertRefused(() -> fetcher().fetch(url("cdn.test", "/missing.png"), allowed), AssetRefusal.Reason.BAD_ANSWER, "cdn.test");
    }

    @Test
    void oversizedAnswersAreRefusedWithOrWithoutALength() {
        assertRefused(() -> fetcher().fetch(url("cdn.test", "/big.png"), allowed), AssetRefusal.Reason.TOO_LARGE, "cdn.test");
        assertRefused(() -> fetcher().fetch(url("cdn.test", "/big-chunked.png"), allowed), AssetRefusal.Reason.TOO_LARGE, "cdn.test");
    }

    @Test
    void aSlowAnswerTimesOutBothBetweenReadsAndInAll() {
        AssetFetcher silence = new AssetFetcher(new FetchLimits(4096, Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(20), 3),
                ForwardProxy.NONE, Set.of(), network, (SSLSocketFactory) SSLSocketFactory.getDefault(), Clock.systemUTC());
        assertRefused(() -> silence.fetch(url("cdn.test", "/slow.png"), allowed), AssetRefusal.Reason.TIMEOUT, "cdn.test");
        AssetFetcher total = new AssetFetcher(new FetchLimits(4096, Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofMillis(500), 3),
                ForwardProxy.NONE, Set.of(), network, (SSLSocketFactory) SSLSocketFactory.getDefault(), Clock.systemUTC());
        assertRefused(() -> total.fetch(url("cdn.test", "/slow.png"), allowed), AssetRefusal.Reason.TIMEOUT, "cdn.test");
    }

    @Test
    void withAForwardProxyEveryFetchIsATunnelToTheCheckedAddressWithTheOperatorsCredentials() throws IOException {
        try (ConnectProxy proxy = ConnectProxy.toLocalPort(server.getAddress().getPort())) {
            network.proxyPort = proxy.port();
            ForwardProxy forward = new ForwardProxy("127.0.0.1", proxy.port(), "tandem", "s3cret", List.of("*.fonts.test"));
            AssetFetcher fetcher = fetcher(Set.of(), forward);
            assertThat(fetcher.fetch(url("cdn.test", "/img.png"), allowed).body()).isEqualTo(PNG);
            assertThat(fetcher.fetch(url("cdn.test", "/to-cdn"), allowed).body()).isEqualTo(PNG);
            int port = server.getAddress().getPort();
            assertThat(network.connections).as("every connection went to the proxy").containsOnly("127.0.0.1:" + proxy.port());
            assertThat(proxy.requests).hasSize(3).containsOnly("CONNECT " + PUBLIC + ":" + port + " HTTP/1.1");
            assertThat(proxy.authorizations).hasSize(3).containsOnly("Basic dGFuZGVtOnMzY3JldA==");
            assertThat(requestHeaders).hasSize(2).allSatisfy(h -> assertThat(h.get("Host")).containsExactly("cdn.test:" + port));

            network.connections.clear();
            assertThat(fetcher.fetch(url("a.fonts.test", "/img.png"), allowed).body()).isEqualTo(PNG);
            assertThat(network.connections).as("no-proxy hosts are fetched directly").containsExactly(PUBLIC + ":" + port);
            assertThat(proxy.requests).hasSize(3);
        }
    }

    @Test
    void aForwardProxyNeverSeesARefusedHost() throws IOException {
        try (ConnectProxy proxy = ConnectProxy.toLocalPort(server.getAddress().getPort())) {
            network.proxyPort = proxy.port();
            network.answer("cdn.test", "10.0.0.5");
            AssetFetcher fetcher = fetcher(Set.of(), new ForwardProxy("127.0.0.1", proxy.port(), null, null, List.of()));
            assertRefused(() -> fetcher.fetch(url("cdn.test", "/img.png"), allowed), AssetRefusal.Reason.ADDRESS_REFUSED, "cdn.test");
            assertRefused(() -> fetcher.fetch(url("evil.test", "/img.png"), allowed), AssetRefusal.Reason.HOST_NOT_ALLOWED, "evil.test");
            assertThat(network.connections).isEmpty();
            assertThat(proxy.requests).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "file:///etc/passwd", "gopher://cdn.test:70/_x", "ftp://cdn.test/a.png",
        "data:image/png;base64,AAAA", "/relative.png", "http://user:pw@cdn.test/a.png", "http:///nohost", "jar:file:/x!/y"})
    void urlsThatAreNotPlainHttpOrHttpsAreRefusedWithoutALookup(String url) {
        assertThatThrownBy(() -> fetcher().fetch(url, allowed)).isInstanceOfSatisfying(AssetRefusal.class,
                r -> assertThat(r.reason()).isEqualTo(AssetRefusal.Reason.BAD_URL));
        assertThat(network.lookups).isEmpty();
    }

    private static void assertRefused(Runnable fetch, AssetRefusal.Reason reason, String host) {
        assertThatThrownBy(fetch::run).isInstanceOfSatisfying(AssetRefusal.class, r -> {
            assertThat(r.reason()).isEqualTo(reason);
            assertThat(r.host()).isEqualTo(host);
        });
    }

    private void send(HttpExchange x, int status, byte[] body) throws IOException {
        requestHeaders.add(Map.copyOf(x.getRequestHeaders()));
        x.sendResponseHeaders(status, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private void redirect(HttpExchange x, String location) throws IOException {
        x.getResponseHeaders().add("Location", location);
        x.sendResponseHeaders(302, -1);
        x.close();
    }

    private void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lookups from a table; connections recorded, then made to the local server (or to {@link #proxyPort}). */
    final class FakeNetwork implements Network {
        final List<String> lookups = new CopyOnWriteArrayList<>();
        final List<String> connections = new CopyOnWriteArrayList<>();
        private final Map<String, List<String>> answers = new ConcurrentHashMap<>();
        private final Map<String, String> afterFirst = new ConcurrentHashMap<>();
        private final AtomicInteger calls = new AtomicInteger();
        volatile boolean literal;
        volatile int proxyPort = -1;

        void answer(String host, String... addresses) {
            answers.put(host, List.of(addresses));
            afterFirst.remove(host);
        }

        void rebind(String host, String first, String later) {
            answers.put(host, List.of(first));
            afterFirst.put(host, later);
        }

        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            lookups.add(host);
            calls.incrementAndGet();
            if (literal) {
                return List.of(InetAddress.getByName(host));
            }
            List<String> list = answers.get(host);
            if (list == null) {
                throw new UnknownHostException(host);
            }
            String later = afterFirst.get(host);
            if (later != null) {
                answers.put(host, List.of(later));
                afterFirst.remove(host);
            }
            List<InetAddress> out = new java.util.ArrayList<>();
            for (String a : list) {
                out.add(InetAddress.getByName(a));
            }
            return out;
        }

        @Override
        public Socket connect(InetSocketAddress address, Duration timeout) throws IOException {
            connections.add(address.getAddress().getHostAddress() + ":" + address.getPort());
            int port = address.getPort() == proxyPort ? proxyPort : server.getAddress().getPort();
            return new Socket(InetAddress.getLoopbackAddress(), port);
        }
    }
}
