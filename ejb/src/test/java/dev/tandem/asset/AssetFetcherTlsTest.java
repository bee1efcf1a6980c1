package dev.tandem.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https through a socket to the checked address: the certificate is checked against the URL's host
 * name (not the address connected to), so an allowed name whose certificate does not match fails.
 */
class AssetFetcherTlsTest {

    private static final String PUBLIC = "93.184.216.34";

    @TempDir
    Path dir;

    private HttpsServer server;
    private SSLContext clientTls;
    private final List<String> connections = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Path store = dir.resolve("cdn.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "cdn", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=cdn.test", "-ext", "SAN=dns:cdn.test",
                "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        keytool.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertThat(keytool.waitFor()).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keys);
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext("/img.png", x -> {
            x.getResponseHeaders().add("Content-Type", "image/png");
            x.sendResponseHeaders(200, 3);
            try (OutputStream out = x.getResponseBody()) {
                out.write(new byte[] {1, 2, 3});
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private AssetFetcher fetcher() {
        Network network = new Network() {
            @Override
            public List<InetAddress> resolve(String host) throws java.net.UnknownHostException {
                return List.of(InetAddress.getByName(PUBLIC));
            }

            @Override
            public Socket connect(InetSocketAddress address, Duration timeout) throws IOException {
                connections.add(address.getAddress().getHostAddress());
                return new Socket(InetAddress.getLoopbackAddress(), server.getAddress().getPort());
            }
        };
        return new AssetFetcher(new FetchLimits(4096, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), 3),
                ForwardProxy.NONE, Set.of(), network, clientTls.getSocketFactory(), Clock.systemUTC());
    }

    @Test
    void theCertificateIsCheckedAgainstTheHostNameWhileTheSocketGoesToTheCheckedAddress() {
        AssetHosts allowed = AssetHosts.of(List.of(), List.of("cdn.test", "other.test"));
        int port = server.getAddress().getPort();
        assertThat(fetcher().fetch("https://cdn.test:" + port + "/img.png", allowed).body()).containsExactly(1, 2, 3);
        assertThat(connections).containsExactly(PUBLIC);
        assertThatThrownBy(() -> fetcher().fetch("https://other.test:" + port + "/img.png", allowed))
                .isInstanceOfSatisfying(AssetRefusal.class, r -> assertThat(r.reason()).isEqualTo(AssetRefusal.Reason.UNREACHABLE));
    }
}
