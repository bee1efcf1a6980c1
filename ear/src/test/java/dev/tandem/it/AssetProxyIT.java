package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The asset proxy end to end in Chromium: a visitor's page (on the test site's origin) shows an
 * image from a second local origin, a "CDN" listed in the group's allowed external domains, a
 * stylesheet from it whose font is referenced relatively, and an image from a host that is not
 * allowed (a recorder on 127.0.0.2). The agent's viewer shows the CDN's image and font, not the
 * other image; every request the agent's browser makes goes to Tandem (or the sign-in provider),
 * none to the site, the CDN or the other host; the CDN sees only Tandem's fetches; the refusal is
 * audited once; caching follows the origin's headers unless the group disables it.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class AssetProxyIT {

    private static final String FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    private HttpServer site;
    private HttpServer cdn;
    private ReplayFirewallIT.Recorder other;
    private final List<String> cdnRequests = new CopyOnWriteArrayList<>();
    private ChromeDriver visitor;
    private ChromeDriver agent;
    private WebDriverWait visitorWait;
    private WebDriverWait agentWait;
    private String groupId;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    @BeforeEach
    void start() throws IOException {
        other = new ReplayFirewallIT.Recorder("127.0.0.2");
        byte[] png = png();
        byte[] font = Files.readAllBytes(Path.of(FONT));
        cdn = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        cdn.createContext("/", x -> {
            cdnRequests.add(x.getRequestURI().getPath() + " " + x.getRequestHeaders().getFirst("User-Agent"));
            switch (x.getRequestURI().getPath()) {
                case "/logo.png" -> send(x, "image/png", "public, max-age=600", png);
                case "/site.css" -> send(x, "text/css", "public, max-age=600", ("@font-face { font-family: CdnFont; "
                        + "src: url(fonts/cdn.ttf) format('truetype'); } #cdn-text { font-family: CdnFont, monospace; }")
                        .getBytes(StandardCharsets.UTF_8));
                case "/fonts/cdn.ttf" -> send(x, "font/ttf", "public, max-age=600", font);
                default -> {
                    x.sendResponseHeaders(404, -1);
                    x.close();
                }
            }
        });
        cdn.start();
        String cdnOrigin = "http://127.0.0.1:" + cdn.getAddress().getPort();
        String siteOrigin = "http://localhost:" + TestEnvironment.sitePort();
        // the test identity provider's agents view group "demo" only: it is shared, so its asset policy is put back after
        groupId = TestGroups.group().id("demo").origins(siteOrigin).create();
        TestGroups.assetProxy(groupId, "[\"127.0.0.1\"]", false);
        String page = """
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Assets</title>
                <link rel="stylesheet" href="@CDN@/site.css">
                <script src="@TANDEM@loader.js" data-groupid="@GROUP@" async></script></head>
                <body><img id="cdn-logo" src="@CDN@/logo.png" width="20" height="20" alt="logo">
                <img id="other-img" src="@OTHER@/other.png" width="20" height="20" alt="other">
                <p id="cdn-text">Font from the CDN</p>
                <p><button type="button" data-tandem-start>Share my screen</button></p></body></html>"""
                .replace("@CDN@", cdnOrigin).replace("@OTHER@", other.origin("http"))
                .replace("@TANDEM@", TestEnvironment.appBase().toString()).replace("@GROUP@", groupId);
        site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), TestEnvironment.sitePort()), 0);
        site.createContext("/", x -> send(x, "text/html; charset=utf-8", "no-store", page.getBytes(StandardCharsets.UTF_8)));
        site.start();
        visitor = Chromium.start();
        agent = Chromium.start();
        visitorWait = new WebDriverWait(visitor, Duration.ofSeconds(40));
        agentWait = new WebDriverWait(agent, Duration.ofSeconds(40));
    }

    @AfterEach
    void stop() throws IOException {
        TestGroups.assetProxy(groupId, "[]", false);
        visitor.quit();
        agent.quit();
        site.stop(0);
        cdn.stop(0);
        other.close();
    }

    private static void send(HttpExchange x, String type, String cacheControl, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("Cache-Control", cacheControl);
        x.getResponseHeaders().set("Access-Control-Allow-Origin", "*"); // as CDNs serve fonts to other origins
        if (type.equals("text/css")) {
            x.getResponseHeaders().set("Set-Cookie", "cdn-tracker=1; Path=/"); // never reaches the agent
        }
        x.sendResponseHeaders(200, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] png() throws IOException {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private Object inReplay(String script) {
        return agent.executeScript("const doc = document.querySelector('#viewer-stage iframe').contentDocument;" + script);
    }

    @Test
    void theViewerShowsTheAllowedCdnsImageAndFontThroughTandemAndNothingElse() {
        visitor.get("http://localhost:" + TestEnvironment.sitePort() + "/");
        String key = VisitorBrowser.share(visitor, visitorWait);
        visitorWait.until(d -> Boolean.TRUE.equals(visitor.executeScript("return document.getElementById('other-img').complete"
                + " && document.getElementById('cdn-logo').complete && document.fonts.status === 'loaded';")));
        int otherBefore = other.connections.size();

        VisitorBrowser.join(agent, agentWait, "alice", key);
        agentWait.until(d -> Boolean.TRUE.equals(inReplay(
                "const img = doc.getElementById('cdn-logo'); return !!img && img.complete && img.naturalWidth === 4;")));
        agentWait.until(d -> Boolean.TRUE.equals(inReplay(
                "return Array.from(doc.fonts).some(f => f.family.replace(/\"/g, '') === 'CdnFont' && f.status === 'loaded');")));
        agentWait.until(d -> Boolean.TRUE.equals(inReplay("const img = doc.getElementById('other-img'); return !!img && img.complete;")));

        assertThat(inReplay("return doc.getElementById('other-img').naturalWidth;")).as("the other host's image").isEqualTo(0L);
        assertThat((String) inReplay("return doc.getElementById('cdn-logo').getAttribute('src');")).startsWith("/cobrowse/asset?u=");
        assertThat(other.connections.size()).as("connections to the host not allowed, since the agent joined").isEqualTo(otherBefore);
        assertThat(cdnRequests).as("the CDN's requests").contains("/logo.png Tandem-asset-proxy", "/site.css Tandem-asset-proxy",
                "/fonts/cdn.ttf Tandem-asset-proxy");
        String sessionRef = Rows.liveSessionsOf(groupId).stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow().sessionRef();
        List<Rows.Audit> refused = Rows.auditOfSession(sessionRef).stream().filter(a -> a.type().equals("PROXY_REFUSED")).toList();
        assertThat(refused).singleElement().satisfies(a -> {
            assertThat(a.detail().getString("host")).isEqualTo("127.0.0.2");
            assertThat(a.reason()).isEqualTo("host_not_allowed");
            assertThat(a.detail().toString()).doesNotContain("other.png");
        });

        // caching: the logo again comes from the cache; with caching disabled it is fetched again and not stored
        long logoFetches = cdnRequests.stream().filter(r -> r.startsWith("/logo.png ")).count();
        String logo = TestEnvironment.appBase() + "asset?u=" + URLEncoder.encode("http://127.0.0.1:" + cdn.getAddress().getPort()
                + "/logo.png", StandardCharsets.UTF_8);
        assertThat(fetchFromViewer(logo)).isEqualTo("200 private, max-age=300 image/png");
        assertThat(cdnRequests.stream().filter(r -> r.startsWith("/logo.png ")).count()).isEqualTo(logoFetches);
        TestGroups.assetProxy(groupId, "[\"127.0.0.1\"]", true);
        assertThat(fetchFromViewer(logo)).isEqualTo("200 no-store image/png");
        assertThat(cdnRequests.stream().filter(r -> r.startsWith("/logo.png ")).count()).isEqualTo(logoFetches + 1);

        // without the agent pass: 403 and nothing fetched
        int cdnNow = cdnRequests.size();
        HttpResponse<String> anonymous = TestHttp.get(URI.create(logo));
        assertThat(anonymous.statusCode()).isEqualTo(403);
        assertThat(cdnRequests).hasSize(cdnNow);

        assertThat(requestsOf(agent)).as("every request of Tandem's pages in the agent's browser").isNotEmpty().allSatisfy(url -> assertThat(url)
                .matches("^(" + TestEnvironment.appBase().toString().replace("cobrowse/", "") + "|http://localhost:"
                        + TestEnvironment.oidcPort() + "/|data:|blob:|about:|chrome).*"));
    }

    /** Fetches a URL from the viewer page (same origin, with the agent's cookies): status, Cache-Control and type. */
    private String fetchFromViewer(String url) {
        return (String) agent.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => done(r.status + ' ' + r.headers.get('cache-control')"
                + " + ' ' + r.headers.get('content-type'))).catch(e => done('failed ' + e));", url);
    }

    /** Every URL Tandem's pages (the console, the viewer and its replay frame) requested, from the browser's DevTools log. */
    private static List<String> requestsOf(ChromeDriver browser) {
        List<String> urls = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE).getAll()) {
            JsonObject message = Json.createReader(new StringReader(entry.getMessage())).readObject().getJsonObject("message");
            if ("Network.requestWillBeSent".equals(message.getString("method", ""))) {
                // only what Tandem's pages and the replay frame asked for (the test sign-in page loads web fonts of its own)
                String document = message.getJsonObject("params").getString("documentURL", "");
                if (document.startsWith(TestEnvironment.appBase().toString()) || document.startsWith("about:")) {
                    urls.add(message.getJsonObject("params").getJsonObject("request").getString("url", ""));
                }
            }
            if ("Network.webSocketCreated".equals(message.getString("method", ""))) {
                urls.add(message.getJsonObject("params").getString("url", "").replaceFirst("^wss:", "https:"));
            }
        }
        return urls;
    }

}
