package dev.tandem.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The demo bank website a visitor browses: static pages from {@code demo-site/} on the classpath,
 * served on its own origin ({@code http://localhost:PORT}) as a customer's site would be, with the
 * Tandem loader tag pointing at the given server. Every page carries a strict Content-Security-Policy
 * (no 'unsafe-inline', scripts and connections only from itself and the Tandem server), the policy a
 * careful customer would have. Only known files are served; anything else is 404.
 */
public final class DemoSite implements AutoCloseable {

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml");

    private final HttpServer server;
    private final String tandemBase;
    private final String policy;

    private DemoSite(HttpServer server, String tandemBase) {
        this.server = server;
        this.tandemBase = tandemBase;
        URI base = URI.create(tandemBase);
        String tandemOrigin = base.getScheme() + "://" + base.getRawAuthority();
        String streamOrigin = tandemOrigin.replaceFirst("^http", "ws");
        this.policy = String.join("; ",
                "default-src 'self'",
                "script-src 'self' " + tandemOrigin,
                "connect-src 'self' " + tandemOrigin + " " + streamOrigin,
                "style-src 'self'",
                "img-src 'self'",
                "object-src 'none'",
                "base-uri 'none'",
                "frame-ancestors 'none'",
                "form-action 'self'");
    }

    /**
     * Starts the site on {@code localhost:port}, its pages loading Tandem from {@code tandemBase}
     * (the application's base URL, e.g. {@code https://localhost:8443/cobrowse/}).
     */
    public static DemoSite start(int port, String tandemBase) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        DemoSite site = new DemoSite(server, tandemBase.endsWith("/") ? tandemBase : tandemBase + "/");
        server.createContext("/", site::serve);
        server.start();
        return site;
    }

    /** The site's origin, as a group's allowed origins must list it. */
    public String origin() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    public String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/";
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/")) {
                path = path + "index.html";
            }
            String name = path.substring(1);
            int dot = name.lastIndexOf('.');
            String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
            InputStream in = name.matches("[a-z0-9-]+\\.[a-z]+") && type != null
                    ? DemoSite.class.getResourceAsStream("/demo-site/" + name) : null;
            if (in == null || !"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            try (in) {
                byte[] body = in.readAllBytes();
                if (name.endsWith(".html")) {
                    body = new String(body, StandardCharsets.UTF_8).replace("@TANDEM_BASE@", tandemBase)
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Security-Policy", policy);
                }
                exchange.getResponseHeaders().set("Content-Type", type);
                exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
