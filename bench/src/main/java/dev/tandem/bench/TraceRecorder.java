package dev.tandem.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Records the workloads: three pages built for the benchmark (a bank statement, a product catalog,
 * a long report; their full snapshots are about 0.2, 1.7 and 4 MB) are opened in Debian's headless
 * Chromium with the same rrweb bundle the product serves; while the page changes itself (a ticker,
 * rows coming and going, classes toggling) and is scrolled, rrweb's events are collected and saved.
 */
final class TraceRecorder {

    /** A page to record: its name and the number of repeated blocks that give its size. */
    record PageSpec(String name, String title, int blocks) {
    }

    static final List<PageSpec> PAGES = List.of(
            new PageSpec("bank-statement", "Account statement", 360),
            new PageSpec("catalog", "Product catalog", 3000),
            new PageSpec("report", "Quarterly report", 7000));

    private final Path rrweb;
    private final Path out;

    TraceRecorder(Path repo) {
        this.rrweb = repo.resolve("web/target/frontend/static/rrweb.min.js");
        this.out = repo.resolve("bench/target/traces");
    }

    /** The traces, recorded now unless already recorded by an earlier run of this build. */
    List<Trace> traces(Duration recordFor) throws Exception {
        Files.createDirectories(out);
        List<Trace> traces = new ArrayList<>();
        HttpServer pages = null;
        ChromeDriver browser = null;
        try {
            for (PageSpec page : PAGES) {
                Path file = out.resolve(page.name() + ".json");
                if (!Files.exists(file)) {
                    if (pages == null) {
                        pages = serve();
                        browser = chromium();
                    }
                    record(browser, pages, page, file, recordFor);
                }
                traces.add(Trace.read(page.name(), file));
            }
        } finally {
            if (browser != null) {
                browser.quit();
            }
            if (pages != null) {
                pages.stop(0);
            }
        }
        return traces;
    }

    private void record(ChromeDriver browser, HttpServer pages, PageSpec page, Path file, Duration recordFor) throws Exception {
        browser.get("http://localhost:" + pages.getAddress().getPort() + "/" + page.name());
        long end = System.nanoTime() + recordFor.toNanos();
        int step = 0;
        while (System.nanoTime() < end) {
            browser.executeScript("window.scrollTo(0, arguments[0])", (step++ % 40) * 120);
            OpenLoopLoad.waitFor(Duration.ofMillis(250));
        }
        Object events = browser.executeScript("window.__stop(); return JSON.stringify(window.__events)");
        Files.writeString(file, (String) events, StandardCharsets.UTF_8);
    }

    private HttpServer serve() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/rrweb.min.js")) {
                    respond(exchange, "text/javascript", Files.readAllBytes(rrweb));
                    return;
                }
                PageSpec spec = PAGES.stream().filter(p -> path.equals("/" + p.name())).findFirst().orElse(null);
                if (spec == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                respond(exchange, "text/html; charset=utf-8", page(spec).getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
        return server;
    }

    private static void respond(HttpExchange exchange, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(body);
        }
    }

    /** A page of {@code blocks} rows or cards, recording itself with rrweb and changing about 20 times a second. */
    static String page(PageSpec spec) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(spec.title()).append("</title><style>body{font-family:sans-serif}td{padding:2px 6px}.card{display:inline-block;"
                        + "width:180px;margin:4px;border:1px solid #ccc}.hot{background:#ffd}</style>"
                        + "<script src=\"/rrweb.min.js\"></script></head><body><h1>").append(spec.title())
                .append("</h1><p id=\"ticker\">0</p><input id=\"search\" placeholder=\"Search\">");
        if (spec.name().equals("catalog")) {
            b.append("<div id=\"items\">");
            for (int i = 0; i < spec.blocks(); i++) {
                b.append("<div class=\"card\"><h3>Product ").append(i).append("</h3><p>A sturdy item number ").append(i)
                        .append(" for everyday use.</p><span class=\"price\">EUR ").append(10 + i % 90).append(".99</span></div>");
            }
            b.append("</div>");
        } else {
            b.append("<table><tbody id=\"items\">");
            for (int i = 0; i < spec.blocks(); i++) {
                b.append("<tr><td>2026-11-").append(1 + i % 28).append("</td><td>Transfer ").append(i).append("</td><td>")
                        .append(i % 7 == 0 ? "-" : "").append(12 + i % 500).append(".50</td><td>OK</td></tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("<script>window.__events=[];var stop=rrweb.record({emit:function(e){window.__events.push(e);}});"
                + "var n=0;var timer=setInterval(function(){n++;document.getElementById('ticker').textContent='tick '+n;"
                + "var items=document.getElementById('items');var first=items.children[n%items.children.length];"
                + "first.classList.toggle('hot');if(n%5===0){items.appendChild(first.cloneNode(true));}"
                + "if(n%5===2){items.removeChild(items.lastElementChild);}document.getElementById('search').value='q'+n;"
                + "document.getElementById('search').dispatchEvent(new Event('input',{bubbles:true}));},50);"
                + "window.__stop=function(){clearInterval(timer);stop();};</script></body></html>");
        return b.toString();
    }

    private static ChromeDriver chromium() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getenv().getOrDefault("TANDEM_TEST_CHROMIUM", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", "--user-data-dir=" + Files.createTempDirectory("tandem-bench-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getenv().getOrDefault("TANDEM_TEST_CHROMEDRIVER", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
