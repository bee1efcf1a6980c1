package dev.tandem.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The demo bank website a visitor browses: static pages from {@code demo-site/} on the classpath,
 * served on its own origin ({@code http://localhost:PORT}) as a customer's site would be. Only
 * known files are served; anything else is 404.
 */
public final class DemoSite implements AutoCloseable {

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml");

    private final HttpServer server;

    private DemoSite(HttpServer server) {
        this.server = server;
    }

    /** Starts the site on {@code localhost:port}. */
    public static DemoSite start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", DemoSite::serve);
        server.start();
        return new DemoSite(server);
    }

    public String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/";
    }

    private static void serve(HttpExchange exchange) throws IOException {
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
