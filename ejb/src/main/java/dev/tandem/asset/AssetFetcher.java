package dev.tandem.asset;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.IDN;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Fetches one asset the way the proxy's rules demand, on the calling thread (no threads of its own):
 * http or https only; the host on the group's allow-list before anything goes out; one lookup, every
 * answer checked ({@link AddressClass}), then a socket to exactly the checked address (TLS with the
 * host name for SNI and certificate checking), through the forward proxy as a {@code CONNECT} to that
 * address when one applies; a plain {@code GET} that carries nothing from the agent (no cookies,
 * authorization or client headers); each redirect checked again from the start; only a 200 with an
 * allowed content type and a body within the size limit, read within the time limits. Response
 * headers other than the content type and cache lifetime are never kept, {@code Set-Cookie} included.
 *
 * <p>Why not {@code java.net.http.HttpClient}: it looks the name up itself when it connects, so the
 * address it reaches is not necessarily the one checked (DNS rebinding), and it gives no hold on the
 * socket's address. HTTP/1.1 with {@code Connection: close} and identity encoding is a small subset.
 */
public final class AssetFetcher {

    /** Media types the proxy passes on: raster and SVG images, fonts, stylesheets. */
    public static final Set<String> MEDIA_TYPES = Set.of(
            "image/png", "image/gif", "image/jpeg", "image/jpg", "image/webp", "image/avif", "image/bmp", "image/x-icon",
            "image/vnd.microsoft.icon", "image/svg+xml",
            "font/woff2", "font/woff", "font/ttf", "font/otf", "font/sfnt", "font/collection", "application/font-woff",
            "application/font-woff2", "application/x-font-woff", "application/x-font-ttf", "application/x-font-otf",
            "application/font-sfnt", "application/vnd.ms-fontobject",
            "text/css");

    private static final int MAX_HEADER_BYTES = 32 * 1024;
    private static final int MAX_HEADERS = 100;
    private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])(?:s-maxage|max-age)\\s*=\\s*\"?(\\d{1,9})");
    private static final Duration LONGEST_FRESHNESS = Duration.ofDays(1);

    private final FetchLimits limits;
    private final ForwardProxy forwardProxy;
    private final Set<String> internalHosts;
    private final Network network;
    private final SSLSocketFactory tls;
    private final Clock clock;

    /**
     * @param internalHosts hosts (lower case) the operator allows to resolve to internal addresses
     *        (everything but {@link AddressClass#METADATA}); they must still be on a group's allow-list
     */
    public AssetFetcher(FetchLimits limits, ForwardProxy forwardProxy, Set<String> internalHosts, Network network,
            SSLSocketFactory tls, Clock clock) {
        this.limits = limits;
        this.forwardProxy = forwardProxy;
        this.internalHosts = Set.copyOf(internalHosts);
        this.network = network;
        this.tls = tls;
        this.clock = clock;
    }

    /** The asset at {@code url}, or {@link AssetRefusal} with the first rule that refused it. */
    public FetchedAsset fetch(String url, AssetHosts allowed) {
        Instant deadline = clock.instant().plus(limits.totalTime());
        URI current = parse(url);
        List<String> hosts = new ArrayList<>();
        for (int hop = 0;; hop++) {
            String host = checkedHost(current, allowed);
            hosts.add(host);
            InetAddress address = checkedAddress(host);
            Answer answer = exchange(current, host, address, deadline);
            if (answer.status >= 300 && answer.status < 400 && answer.location != null && answer.status != 304) {
                if (hop >= limits.maxRedirects()) {
                    throw new AssetRefusal(AssetRefusal.Reason.TOO_MANY_REDIRECTS, host, null);
                }
                try {
                    current = parse(current.resolve(answer.location.trim()).toString());
                } catch (IllegalArgumentException e) {
                    throw new AssetRefusal(AssetRefusal.Reason.BAD_URL, host, "redirect");
                }
                continue;
            }
            return new FetchedAsset(answer.mediaType, answer.body, answer.freshFor, List.copyOf(hosts));
        }
    }

    /** An absolute http(s) URL with a host and no user info; its fragment dropped. */
    static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url == null ? "" : url.trim());
        } catch (URISyntaxException e) {
            throw new AssetRefusal(AssetRefusal.Reason.BAD_URL, null, "syntax");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new AssetRefusal(AssetRefusal.Reason.BAD_URL, null, scheme.isEmpty() ? "relative" : "scheme");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new AssetRefusal(AssetRefusal.Reason.BAD_URL, null, "authority");
        }
        String s = uri.toString();
        int hash = s.indexOf('#');
        URI plain = URI.create(hash < 0 ? s : s.substring(0, hash));
        return plain.getRawPath() == null || plain.getRawPath().isEmpty() ? URI.create(plain.toString().replaceFirst("(//[^/?]*)", "$1/")) : plain;
    }

    private static String checkedHost(URI uri, AssetHosts allowed) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!host.startsWith("[")) {
            try {
                if (!host.equals(IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES))) {
                    throw new AssetRefusal(AssetRefusal.Reason.BAD_URL, null, "host");
                }
            } catch (IllegalArgumentException e) {
                throw new AssetRefusal(AssetRefusal.Reason.BAD_URL, null, "host");
            }
        }
        if (!allowed.allows(host)) {
            throw new AssetRefusal(AssetRefusal.Reason.HOST_NOT_ALLOWED, host, null);
        }
        return host;
    }

    /** One lookup; every answer must be of an allowed class; the first is the one connected to. */
    private InetAddress checkedAddress(String host) {
        List<InetAddress> answers;
        try {
            answers = network.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException | SecurityException e) {
            throw new AssetRefusal(AssetRefusal.Reason.UNKNOWN_HOST, host, null);
        }
        if (answers.isEmpty()) {
            throw new AssetRefusal(AssetRefusal.Reason.UNKNOWN_HOST, host, null);
        }
        boolean internalAllowed = internalHosts.contains(host);
        for (InetAddress answer : answers) {
            AddressClass kind = AddressClass.of(answer);
            if (kind == AddressClass.METADATA || kind != AddressClass.PUBLIC && !internalAllowed) {
                throw new AssetRefusal(AssetRefusal.Reason.ADDRESS_REFUSED, host, kind.word());
            }
        }
        return answers.get(0);
    }

    private Answer exchange(URI uri, String host, InetAddress address, Instant deadline) {
        boolean https = uri.getScheme().equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        Socket socket = null;
        try {
            socket = open(host, address, port, deadline);
            if (https) {
                socket = handshake(socket, host, port, deadline);
            }
            OutputStream out = socket.getOutputStream();
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            boolean defaultPort = uri.getPort() < 0 || uri.getPort() == (https ? 443 : 80);
            String request = "GET " + target + " HTTP/1.1\r\n"
                    + "Host: " + host + (defaultPort ? "" : ":" + port) + "\r\n"
                    + "User-Agent: Tandem-asset-proxy\r\n"
                    + "Accept: image/*, font/*, text/css;q=0.9\r\n"
                    + "Accept-Encoding: identity\r\n"
                    + "Connection: close\r\n\r\n";
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return read(new Reader(socket, deadline), host);
        } catch (SocketTimeoutException e) {
            throw new AssetRefusal(AssetRefusal.Reason.TIMEOUT, host, null);
        } catch (IOException e) {
            throw new AssetRefusal(AssetRefusal.Reason.UNREACHABLE, host, null);
        } finally {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing after the answer was read: nothing to do
                }
            }
        }
    }

    /** A socket to the checked address, directly or through a CONNECT tunnel naming that address. */
    private Socket open(String host, InetAddress address, int port, Instant deadline) throws IOException {
        if (!forwardProxy.appliesTo(host)) {
            return network.connect(new InetSocketAddress(address, port), connectTimeout(deadline));
        }
        InetAddress proxyAddress = InetAddress.getByName(forwardProxy.host());
        Socket socket = network.connect(new InetSocketAddress(proxyAddress, forwardProxy.port()), connectTimeout(deadline));
        try {
            String authority = (address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress()) + ":" + port;
            StringBuilder connect = new StringBuilder("CONNECT ").append(authority).append(" HTTP/1.1\r\nHost: ").append(authority).append("\r\n");
            String authorization = forwardProxy.authorization();
            if (authorization != null) {
                connect.append("Proxy-Authorization: ").append(authorization).append("\r\n");
            }
            socket.getOutputStream().write(connect.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            Reader reader = new Reader(socket, deadline);
            int status = statusOf(reader.line());
            while (!reader.line().isEmpty()) {
                // the proxy's headers: not needed
            }
            if (status != 200) {
                socket.close();
                throw new AssetRefusal(AssetRefusal.Reason.UNREACHABLE, host, "forward proxy " + status);
            }
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private Socket handshake(Socket plain, String host, int port, Instant deadline) throws IOException {
        SSLSocket socket = (SSLSocket) tls.createSocket(plain, host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!host.startsWith("[") && !host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) { // SNI names hosts, never addresses
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(readTimeout(deadline));
        socket.startHandshake();
        return socket;
    }

    private Answer read(Reader in, String host) throws IOException {
        int status = statusOf(in.line());
        Map<String, String> headers = new HashMap<>();
        int count = 0;
        for (String line = in.line(); !line.isEmpty(); line = in.line()) {
            if (++count > MAX_HEADERS) {
                throw new AssetRefusal(AssetRefusal.Reason.BAD_ANSWER, host, "headers");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                // Set-Cookie and every other header not read below is dropped here
                headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
            }
        }
        if (status >= 300 && status < 400) {
            return new Answer(status, headers.get("location"), null, null, Duration.ZERO);
        }
        if (status != 200) {
            throw new AssetRefusal(AssetRefusal.Reason.BAD_ANSWER, host, "status " + status);
        }
        String type = headers.getOrDefault("content-type", "");
        String mediaType = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!MEDIA_TYPES.contains(mediaType)) {
            throw new AssetRefusal(AssetRefusal.Reason.CONTENT_TYPE, host, mediaType.isEmpty() ? "none" : mediaType.length() > 60 ? mediaType.substring(0, 60) : mediaType);
        }
        String encoding = headers.getOrDefault("content-encoding", "identity").toLowerCase(Locale.ROOT);
        if (!encoding.equals("identity") && !encoding.isEmpty()) {
            throw new AssetRefusal(AssetRefusal.Reason.BAD_ANSWER, host, "encoding");
        }
        byte[] body;
        if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            body = in.chunked(limits.maxBytes(), host);
        } else if (headers.containsKey("content-length")) {
            long length;
            try {
                length = Long.parseLong(headers.get("content-length"));
            } catch (NumberFormatException e) {
                throw new AssetRefusal(AssetRefusal.Reason.BAD_ANSWER, host, "length");
            }
            if (length < 0 || length > limits.maxBytes()) {
                throw new AssetRefusal(AssetRefusal.Reason.TOO_LARGE, host, null);
            }
            body = in.exactly((int) length, host);
        } else {
            body = in.untilClose(limits.maxBytes(), host);
        }
        return new Answer(status, null, mediaType, body, freshness(headers));
    }

    /** How long the origin lets the answer be reused: max-age (or s-maxage), else Expires − Date; capped at a day. */
    static Duration freshness(Map<String, String> headers) {
        String cacheControl = headers.getOrDefault("cache-control", "").toLowerCase(Locale.ROOT);
        if (cacheControl.contains("no-store") || cacheControl.contains("no-cache") || cacheControl.contains("private")
                || headers.getOrDefault("vary", "").contains("*") || headers.containsKey("set-cookie")) {
            return Duration.ZERO;
        }
        Matcher maxAge = MAX_AGE.matcher(cacheControl);
        if (maxAge.find()) {
            Duration d = Duration.ofSeconds(Long.parseLong(maxAge.group(1)));
            return d.compareTo(LONGEST_FRESHNESS) > 0 ? LONGEST_FRESHNESS : d;
        }
        try {
            if (headers.containsKey("expires") && headers.containsKey("date")) {
                var format = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME;
                Duration d = Duration.between(java.time.ZonedDateTime.parse(headers.get("date"), format),
                        java.time.ZonedDateTime.parse(headers.get("expires"), format));
                return d.isNegative() ? Duration.ZERO : d.compareTo(LONGEST_FRESHNESS) > 0 ? LONGEST_FRESHNESS : d;
            }
        } catch (java.time.format.DateTimeParseException e) {
            return Duration.ZERO;
        }
        return Duration.ZERO;
    }

    private static int statusOf(String statusLine) {
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new AssetRefusal(AssetRefusal.Reason.BAD_ANSWER, null, "not HTTP");
        }
        try {
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new AssetRefusal(AssetRefusal.Reason.BAD_ANSWER, null, "not HTTP");
        }
    }

    private Duration connectTimeout(Instant deadline) {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw new AssetRefusal(AssetRefusal.Reason.TIMEOUT, null, null);
        }
        return left.compareTo(limits.connectTimeout()) < 0 ? left : limits.connectTimeout();
    }

    private int readTimeout(Instant deadline) {
        long left = Duration.between(clock.instant(), deadline).toMillis();
        if (left <= 0) {
            throw new AssetRefusal(AssetRefusal.Reason.TIMEOUT, null, null);
        }
        return (int) Math.max(1, Math.min(left, limits.readTimeout().toMillis()));
    }

    private record Answer(int status, String location, String mediaType, byte[] body, Duration freshFor) {
    }

    /** Reads an answer within the deadline: each read waits at most the read time-out or what is left. */
    private final class Reader {
        private final Socket socket;
        private final InputStream in;
        private final Instant deadline;

        Reader(Socket socket, Instant deadline) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadline = deadline;
        }

        private int read(byte[] buffer, int offset, int length) throws IOException {
            socket.setSoTimeout(readTimeout(deadline));
            return in.read(buffer, offset, length);
        }

        private int read() throws IOException {
            socket.setSoTimeout(readTimeout(deadline));
            return in.read();
        }

        /** One header line without its CRLF, at most {@link #MAX_HEADER_BYTES}. */
        String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int c = read(); c != '\n'; c = read()) {
                if (c < 0) {
                    throw new AssetRefusal(AssetRefusal.Reason.BAD_ANSWER, null, "cut short");
                }
                if (line.size() >= MAX_HEADER_BYTES) {
                    throw new AssetRefusal(AssetRefusal.Reason.BAD_ANSWER, null, "header too long");
                }
                line.write(c);
            }
            String s = line.toString(StandardCharsets.ISO_8859_1);
            return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }

        byte[] exactly(int length, String host) throws IOException {
            byte[] body = new byte[length];
            int at = 0;
            while (at < length) {
                int n = read(body, at, length - at);
                if (n < 0) {
                    throw new AssetRefusal(AssetRefusal.Reason.BAD_ANSWER, host, "cut short");
                }
                at += n;
            }
            return body;
        }

        byte[] untilClose(long max, String host) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n = read(buffer, 0, buffer.length); n >= 0; n = read(buffer, 0, buffer.length)) {
                if (body.size() + (long) n > max) {
                    throw new AssetRefusal(AssetRefusal.Reason.TOO_LARGE, host, null);
                }
                body.write(buffer, 0, n);
            }
            return body.toByteArray();
        }

        byte[] chunked(long max, String host) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line().split(";", 2)[0].trim();
                long size;
                try {
                    size = Long.parseLong(sizeLine, 16);
                } catch (NumberFormatException e) {
                    throw new AssetRefusal(AssetRefusal.Reason.BAD_ANSWER, host, "chunk");
                }
                if (size < 0 || body.size() + size > max) {
                    throw new AssetRefusal(size < 0 ? AssetRefusal.Reason.BAD_ANSWER : AssetRefusal.Reason.TOO_LARGE, host, null);
                }
                if (size == 0) {
                    while (!line().isEmpty()) {
                        // trailers: dropped
                    }
                    return body.toByteArray();
                }
                body.write(exactly((int) size, host));
                line();
            }
        }
    }
}
