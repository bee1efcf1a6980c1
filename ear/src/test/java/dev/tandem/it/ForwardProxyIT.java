package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.testsupport.ConnectProxy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The asset proxy's outbound fetches through an HTTP forward proxy, on the real server: the test
 * server is configured ({@code TANDEM_PROXY_FORWARD_*} in ear/pom.xml) to reach every host but
 * {@code localhost} and {@code 127.0.0.1} through a forward proxy on a fixed local port, which only
 * this test starts. A "CDN" on 127.0.0.3 (allowed for the group) is fetched through it: the proxy
 * sees a {@code CONNECT} to the checked address, and every request the CDN receives came through
 * one of the proxy's tunnels. A host on the no-proxy list is fetched directly, and a host off the
 * group's allow-list never reaches the proxy. The proxy is {@link ConnectProxy}, the EJB module's
 * test fixture (its test jar), which the asset fetcher's unit tests use too.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class ForwardProxyIT {

    private static final String SITE = "https://acme.example";
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0};

    private HttpServer cdn;
    private HttpServer direct;
    private ConnectProxy forward;
    /** Each request the CDN received: its path and the client port it came from. */
    private final List<String> cdnRequests = new CopyOnWriteArrayList<>();
    private final List<String> directRequests = new CopyOnWriteArrayList<>();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    @BeforeEach
    void start() throws IOException {
        forward = ConnectProxy.onPort(Integer.parseInt(TestEnvironment.env("TANDEM_PROXY_FORWARD_PORT", "8296")));
        cdn = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.3"), 0), 0);
        cdn.createContext("/", x -> {
            cdnRequests.add(x.getRequestURI().getPath() + " from " + x.getRemoteAddress().getPort());
            switch (x.getRequestURI().getPath()) {
                case "/logo.png" -> send(x, "image/png", PNG);
                case "/css/site.css" -> send(x, "text/css", "body { background: url(../img/bg.png) }".getBytes(StandardCharsets.UTF_8));
                default -> send(x, "text/plain", new byte[0]);
            }
        });
        cdn.start();
        direct = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        direct.createContext("/", x -> {
            directRequests.add(x.getRequestURI().getPath());
            send(x, "image/png", PNG);
        });
        direct.start();
        // the test identity provider's agents view group "demo" only: it is shared, so its asset policy is put back after
        TestGroups.group().id("demo").origins(SITE).create();
        TestGroups.assetProxy("demo", "[\"127.0.0.3\", \"127.0.0.1\"]", true); // no cache: every fetch goes out
    }

    @AfterEach
    void stop() throws IOException {
        TestGroups.assetProxy("demo", "[]", false);
        cdn.stop(0);
        direct.stop(0);
        forward.close();
    }

    private static void send(HttpExchange x, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(200, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private static HttpResponse<String> asset(String url, String pass) {
        URI uri = URI.create(TestEnvironment.appBase() + "asset?u=" + URLEncoder.encode(url, StandardCharsets.UTF_8));
        return TestHttp.send(HttpRequest.newBuilder(uri).header("Cookie", "__Host-tandem-agent=" + pass)
                .timeout(Duration.ofSeconds(30)).GET().build());
    }

    @Test
    void everyFetchFromAHostNotOnTheNoProxyListGoesThroughTheForwardProxy() {
        String key = VisitorClient.from(SITE).start("demo").string("key");
        String pass = AgentClient.signIn("alice").passFor(key, "demo");
        String cdnBase = "http://127.0.0.3:" + cdn.getAddress().getPort();

        HttpResponse<String> css = asset(cdnBase + "/css/site.css", pass);
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.body()).as("the stylesheet's relative URL, through Tandem")
                .isEqualTo("body { background: url(\"/cobrowse/asset?u=" + URLEncoder.encode(cdnBase + "/img/bg.png", StandardCharsets.UTF_8) + "\") }");
        HttpResponse<String> logo = asset(cdnBase + "/logo.png", pass);
        assertThat(logo.statusCode()).isEqualTo(200);
        assertThat(logo.headers().firstValue("Content-Type")).hasValue("image/png");
        HttpResponse<String> nearby = asset("http://127.0.0.1:" + direct.getAddress().getPort() + "/direct.png", pass);
        assertThat(nearby.statusCode()).as("a host on the no-proxy list").isEqualTo(200);
        assertThat(asset("http://127.0.0.2:" + cdn.getAddress().getPort() + "/logo.png", pass).statusCode())
                .as("a host off the group's allow-list").isEqualTo(403);

        assertThat(forward.requests).as("the forward proxy's requests: tunnels to the checked address, never the name")
                .containsExactly("CONNECT 127.0.0.3:" + cdn.getAddress().getPort() + " HTTP/1.1",
                        "CONNECT 127.0.0.3:" + cdn.getAddress().getPort() + " HTTP/1.1");
        assertThat(cdnRequests).as("every request the CDN received came out of one of the proxy's tunnels")
                .hasSize(2).allSatisfy(r -> assertThat(forward.upstreamPorts).contains(Integer.parseInt(r.substring(r.indexOf(" from ") + 6))));
        assertThat(directRequests).containsExactly("/direct.png");
    }
}
