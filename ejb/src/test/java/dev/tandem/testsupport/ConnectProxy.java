package dev.tandem.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * An HTTP forward proxy for tests, as a DMZ has one: {@code CONNECT host:port}, {@code 200}, then
 * bytes both ways. It records each request line, each {@code Proxy-Authorization} value and the
 * local port of each tunnel's upstream connection (so a test can tell which requests a server
 * received through it). It answers anything but {@code CONNECT} with 405 and a tunnel it will not
 * open with 403. Where a tunnel goes is the factory's choice; it only ever reaches loopback.
 */
public final class ConnectProxy implements AutoCloseable {

    /** The request line of each connection, e.g. {@code CONNECT 203.0.113.9:443 HTTP/1.1}. */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    /** The {@code Proxy-Authorization} value of each request that sent one. */
    public final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** The local port of each tunnel's connection to its target. */
    public final List<Integer> upstreamPorts = new CopyOnWriteArrayList<>();

    private final ServerSocket listener;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    /** The tunnel's target for the requested {@code host:port}, or null to refuse it. */
    private final Function<URI, InetSocketAddress> route;

    private ConnectProxy(ServerSocket listener, Function<URI, InetSocketAddress> route) {
        this.listener = listener;
        this.route = route;
        pool.submit(this::accept);
    }

    /**
     * On a free loopback port, a proxy whose every tunnel leads to the local port {@code target},
     * whatever address the request names: the test's stand-in for the internet.
     */
    public static ConnectProxy toLocalPort(int target) throws IOException {
        InetSocketAddress upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), target);
        return new ConnectProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), requested -> upstream);
    }

    /**
     * On {@code 127.0.0.1:port} (a port a server under test is configured with), a proxy that tunnels
     * to the address the request names if that is a loopback address, and refuses any other.
     */
    public static ConnectProxy onPort(int port) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        return new ConnectProxy(listener, requested -> {
            try {
                InetAddress address = InetAddress.getByName(requested.getHost());
                return address.isLoopbackAddress() ? new InetSocketAddress(address, requested.getPort()) : null;
            } catch (IOException unknown) {
                return null;
            }
        });
    }

    public int port() {
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
        try (client) {
            InputStream in = client.getInputStream();
            String line = line(in);
            requests.add(line);
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                if (header.toLowerCase(Locale.ROOT).startsWith("proxy-authorization:")) {
                    authorizations.add(header.substring("proxy-authorization:".length()).trim());
                }
            }
            OutputStream out = client.getOutputStream();
            String[] parts = line.split(" ");
            if (parts.length != 3 || !parts[0].equals("CONNECT")) {
                out.write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            URI requested = URI.create("tcp://" + parts[1]);
            InetSocketAddress target = requested.getHost() == null ? null : route.apply(requested);
            if (target == null) {
                out.write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            try (Socket upstream = new Socket(target.getAddress(), target.getPort())) {
                upstreamPorts.add(upstream.getLocalPort());
                out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                var up = pool.submit(() -> copy(in, upstream.getOutputStream()));
                copy(upstream.getInputStream(), out);
                up.cancel(true);
            }
        } catch (IOException | IllegalArgumentException ended) {
            // the test's connection ended (or sent a target that is no host:port): nothing to tunnel
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
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
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
