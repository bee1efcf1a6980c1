package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.it.StreamClients.Visitor;
import dev.tandem.it.VisitorClient.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Forged streams against the DOM firewall and the viewer, end to end: hostile rrweb events written
 * by hand are sent through a raw visitor WebSocket and replayed by the real rrweb replayer in the
 * real viewer in Chromium. The replay DOM must hold no handler, no script or HTML URL, no frame,
 * portal, fencedframe, object or embed, no SVG animation of a link and no resource hint; clicks on
 * links leave the replay where it is; and the agent's browser opens no connection to any host but
 * Tandem's and the group's own origin, which a listener on another loopback address records.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class ReplayFirewallIT {

    private static final String SITE = "https://acme.example";

    private Recorder attacker;
    private Recorder groupOrigin;
    private ChromeDriver agent;
    private WebDriverWait wait;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    /** Counts every TCP connection made to it (TLS or not, nothing is answered). */
    static final class Recorder implements AutoCloseable {
        final List<String> connections = new CopyOnWriteArrayList<>();
        private final ServerSocket server;

        Recorder(String address) {
            try {
                server = new ServerSocket();
                server.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread accepting = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        connections.add(s.getRemoteSocketAddress().toString());
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "recorder-" + address);
            accepting.setDaemon(true);
            accepting.start();
        }

        String origin(String scheme) {
            return scheme + "://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @BeforeEach
    void start() {
        attacker = new Recorder("127.0.0.2");
        groupOrigin = new Recorder("127.0.0.1");
        TestGroups.group().id("demo").origins(SITE, groupOrigin.origin("https")).create();
        agent = Chromium.start();
        wait = new WebDriverWait(agent, Duration.ofSeconds(40));
    }

    @AfterEach
    void stop() throws IOException {
        agent.quit();
        attacker.close();
        groupOrigin.close();
    }

    private static String el(int id, String tag, String attributes, String children) {
        return "{\"type\":2,\"id\":" + id + ",\"tagName\":\"" + tag + "\",\"attributes\":" + attributes.replace('\'', '"')
                + ",\"childNodes\":[" + children + "]}";
    }

    private static String svg(int id, String tag, String attributes, String children) {
        return el(id, tag, attributes, children).replaceFirst("\\{", "{\"isSVG\":true,");
    }

    private static String text(int id, String value) {
        return "{\"type\":3,\"id\":" + id + ",\"textContent\":\"" + value + "\"}";
    }

    private static String mutation(long ts, String adds, String attributes) {
        return "{\"type\":3,\"timestamp\":" + ts + ",\"data\":{\"source\":0,\"texts\":[],\"removes\":[],\"attributes\":[" + attributes
                + "],\"adds\":[" + adds + "]}}";
    }

    private static String add(int parent, String node) {
        return "{\"parentId\":" + parent + ",\"nextId\":null,\"node\":" + node + "}";
    }

    /** The hostile page: every vector of issue 12, in a snapshot and in mutations after it. */
    private List<String> hostileEvents() {
        String evil = attacker.origin("https");
        String evilHttp = attacker.origin("http");
        String hints = String.join(",",
                el(10, "link", "{'rel':'preconnect','href':'" + evil + "'}", ""),
                el(11, "link", "{'rel':'dns-prefetch','href':'" + evil + "'}", ""),
                el(12, "link", "{'rel':'prefetch','href':'" + evil + "/p'}", ""),
                el(13, "link", "{'rel':'preload','as':'image','href':'" + evil + "/i.png'}", ""),
                el(14, "link", "{'rel':'modulepreload','href':'" + evil + "/m.js'}", ""),
                el(15, "link", "{'rel':'prerender','href':'" + evil + "/r'}", ""),
                el(16, "LINK", "{'rel':'stylesheet','href':'" + evil + "/s.css'}", ""),
                el(17, "meta", "{'http-equiv':'refresh','content':'0;url=" + evil + "'}", ""));
        String body = String.join(",",
                el(20, "a", "{'id':'fw-link','href':'" + evilHttp + "/clicked','style':'display:block;width:200px;height:40px'}",
                        text(21, "link")),
                el(22, "img", "{'id':'fw-img','src':'x.png','ONERROR':'alert(1)','onerror':'alert(2)'}", ""),
                el(23, "\\u0069frame", "{'id':'fw-frame1','src':'" + evil + "/f','sandbox':'allow-scripts allow-top-navigation'}", ""),
                el(24, "IFRAME", "{'srcdoc':'<script>parent.alert(3)</script>'}", ""),
                el(25, "portal", "{'src':'" + evil + "/portal'}", ""),
                el(26, "fencedframe", "{'src':'" + evil + "/fenced'}", ""),
                el(27, "object", "{'data':'" + evil + "/o'}", ""),
                el(28, "embed", "{'src':'" + evil + "/e'}", ""),
                el(29, "a", "{'id':'fw-js','href':'javascript:alert(4)'}", text(30, "js")),
                el(31, "a", "{'id':'fw-data','href':'data:text/html,<script>alert(5)</script>'}", text(32, "data")),
                el(33, "img", "{'id':'fw-rr','rr_dataURL':'data:text/html,x','rr_src':'" + evil + "/rr'}", ""),
                svg(34, "svg", "{'width':'100','height':'40'}", svg(35, "a", "{'id':'fw-svg-link','href':'#top'}", String.join(",",
                        svg(36, "set", "{'attributeName':'href','to':'" + evil + "/set','begin':'0s'}", ""),
                        svg(37, "animate", "{'attributeName':'xlink:href','values':'javascript:alert(6)','dur':'1s'}", ""),
                        svg(38, "rect", "{'width':'100','height':'40'}", "")))),
                el(39, "img", "{'id':'fw-control','src':'" + groupOrigin.origin("https") + "/control.png'}", ""));
        String snapshot = "{\"type\":2,\"timestamp\":2,\"data\":{\"node\":{\"type\":0,\"id\":1,\"childNodes\":[" + el(2, "html", "{}",
                el(3, "head", "{}", hints) + "," + el(4, "body", "{}", body)) + "]},\"initialOffset\":{\"left\":0,\"top\":0}}}";
        return List.of(StreamClients.meta(1), snapshot,
                // forged numbers and collisions: a frame under an id written 40.0, then changes addressed to 40
                mutation(3, add(4, "{\"type\":2,\"id\":40.0,\"tagName\":\"iframe\",\"attributes\":{\"src\":\"" + evil + "\"},\"childNodes\":[]}")
                        + "," + add(4, "{\"type\":2,\"id\":4294967337,\"tagName\":\"iframe\",\"attributes\":{\"src\":\"" + evil + "\"},\"childNodes\":[]}")
                        + "," + add(4, el(41, "a", "{'id':'fw-collide'}", "")) + "," + add(4, el(41, "iframe", "{'src':'" + evil + "'}", "")),
                        "{\"id\":41,\"attributes\":{\"src\":\"" + evil + "/c\",\"sandbox\":\"allow-scripts\"}},"
                                + "{\"id\":36,\"attributes\":{\"attributeName\":\"href\"}},"
                                + "{\"id\":16,\"attributes\":{\"rel\":\"preconnect\"}},"
                                + "{\"id\":20,\"attributes\":{\"onclick\":\"alert(7)\",\"Onmouseover\":\"alert(8)\",\"ping\":\"" + evil + "\"}}"),
                mutation(4, add(4, el(42, "p", "{'id':'fw-done'}", text(43, "done"))), ""));
    }

    /** The replay frame's DOM findings, read from the viewer page (the frame itself runs no script). */
    @SuppressWarnings("unchecked")
    private Map<String, Object> replayFindings() {
        return (Map<String, Object>) agent.executeScript("""
                const doc = document.querySelector('#viewer-stage iframe').contentDocument;
                const all = Array.from(doc.querySelectorAll('*'));
                const handlers = [], urls = [];
                for (const e of all) {
                  for (const a of Array.from(e.attributes)) {
                    if (/^on/i.test(a.name)) handlers.push(e.localName + '@' + a.name);
                    if (/^\\s*(javascript|vbscript|data:text|data:image\\/svg)/i.test(a.value)) urls.push(e.localName + '@' + a.name);
                  }
                }
                return {
                  handlers: handlers,
                  urls: urls,
                  frames: doc.querySelectorAll('iframe, frame, frameset, portal, fencedframe, object, embed, applet, script, base').length,
                  linkAnimations: Array.from(doc.querySelectorAll('animate, set')).filter(a => /href/i.test(a.getAttribute('attributeName') || '')).length,
                  hints: Array.from(doc.querySelectorAll('link')).filter(l => (l.getAttribute('rel') || '').trim().toLowerCase() !== 'stylesheet'
                      && l.hasAttribute('rel')).length,
                  refresh: doc.querySelectorAll('meta[http-equiv]').length,
                  location: doc.defaultView.location.href
                };""");
    }

    @Test
    void forgedHostileEventsLeaveNothingActiveInTheReplayAndTheAgentsBrowserConnectsNowhereElse() {
        VisitorClient client = VisitorClient.from(SITE);
        Answer started = client.start("demo");
        assertThat(started.status()).isEqualTo(201);
        Visitor visitor = Visitor.open(SITE).hello(started.string("token"), "demo");
        new FluentWait<>(visitor).withTimeout(Duration.ofSeconds(10)).until(v -> v.received.stream().anyMatch(m -> m.contains("\"ready\"")));
        for (String event : hostileEvents()) {
            visitor.events(event);
        }

        SignIn.as(agent, wait, "alice");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("join-key"))).sendKeys(started.string("key"));
        agent.findElement(By.id("join-submit")).click();
        wait.until(ExpectedConditions.urlContains("/agent/viewer.html"));
        String viewerUrl = agent.getCurrentUrl();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#viewer-stage iframe")));
        wait.until(d -> Boolean.TRUE.equals(agent.executeScript(
                "const f = document.querySelector('#viewer-stage iframe'); return !!(f && f.contentDocument.getElementById('fw-done'));")));
        // the replay loaded what it may (the group's origin): so it also had its chance to load the rest
        wait.until(d -> !groupOrigin.connections.isEmpty());

        Map<String, Object> found = replayFindings();
        assertThat((List<?>) found.get("handlers")).as("handler attributes").isEmpty();
        assertThat((List<?>) found.get("urls")).as("script or HTML URLs").isEmpty();
        assertThat(found.get("frames")).as("frames, portals, fenced frames, plugins, scripts, base").isEqualTo(0L);
        assertThat(found.get("linkAnimations")).as("SVG animation of href").isEqualTo(0L);
        assertThat(found.get("hints")).as("resource hint links").isEqualTo(0L);
        assertThat(found.get("refresh")).as("meta http-equiv").isEqualTo(0L);

        // clicks on a link and on an SVG link whose href an animation tried to rewrite: the replay stays
        String frameUrl = (String) found.get("location");
        agent.switchTo().frame(agent.findElement(By.cssSelector("#viewer-stage iframe")));
        try {
            for (String id : new String[] {"fw-link", "fw-svg-link"}) {
                WebElement link = agent.findElement(By.id(id));
                try {
                    new Actions(agent).moveToElement(link).click().perform();
                } catch (RuntimeException intercepted) {
                    // the frame takes no pointer events: the real click lands on the viewer, as it should
                }
            }
        } finally {
            agent.switchTo().defaultContent();
        }
        agent.executeScript("const doc = document.querySelector('#viewer-stage iframe').contentDocument;"
                + "doc.getElementById('fw-link').click();"
                + "doc.getElementById('fw-svg-link').dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}));");
        // a last image from the group's origin, after the clicks: once it arrived, a navigation would have too
        int before = groupOrigin.connections.size();
        visitor.events(mutation(5, add(4, el(44, "img", "{'id':'fw-after','src':'" + groupOrigin.origin("https") + "/after.png'}", "")), ""));
        wait.until(d -> groupOrigin.connections.size() > before);

        assertThat(agent.getCurrentUrl()).isEqualTo(viewerUrl);
        assertThat(replayFindings().get("location")).as("the replay frame's URL").isEqualTo(frameUrl);
        assertThat((Boolean) agent.executeScript("const f = document.querySelector('#viewer-stage iframe');"
                + "return f.contentDocument.getElementById('fw-after') !== null;"))
                .as("the replay is still the visitor's page").isTrue();
        assertThat(attacker.connections).as("connections the agent's browser opened to the attacker's host").isEmpty();
        visitor.close();
    }
}
