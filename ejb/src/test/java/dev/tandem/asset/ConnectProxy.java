package dev.tandem.asset;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP forward proxy for tests: answers {@code CONNECT} with 200 and tunnels the bytes to the
 * local port {@code target} (whatever address the request names), recording each request line and
 * its {@code Proxy-Authorization}.
 */
final class ConnectProxy implements AutoCloseable {

    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final ServerSocket listener;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final int target;

    ConnectProxy(int target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pool.submit(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                pool.submit(() -> tunnel(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void tunnel(Socket client) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target)) {
            InputStream in = client.getInputStream();
            String line = line(in);
            requests.add(line);
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                if (header.toLowerCase().startsWith("proxy-authorization:")) {
                    authorizations.add(header.substring(20).trim());
                }
            }
            OutputStream out = client.getOutputStream();
            if (!line.startsWith("CONNECT ")) {
                out.write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            var up = pool.submit(() -> copy(in, upstream.getOutputStream()));
            copy(upstream.getInputStream(), out);
            up.cancel(true);
        } catch (IOException ignored) {
            // a test's connection ended
        }
    }

    private static Void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
            out.flush();
        }
        return null;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n' && c >= 0; c = in.read()) {
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        listener.close();
        pool.shutdownNow();
    }
}
