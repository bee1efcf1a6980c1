package dev.tandem.asset;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * The fetcher's two contacts with the network: one name lookup per hop, and a connection to an
 * address (never a name, so nothing looks the name up again). Tests replace it to answer lookups as
 * they like and to see where connections go.
 */
public interface Network {

    /** Every address the name resolves to now (an IP literal: itself, without a lookup). */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** A plain socket connected to exactly this address. */
    Socket connect(InetSocketAddress address, Duration timeout) throws IOException;

    /** The system's resolver and sockets. */
    Network SYSTEM = new Network() {
        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            return List.of(InetAddress.getAllByName(host));
        }

        @Override
        public Socket connect(InetSocketAddress address, Duration timeout) throws IOException {
            if (address.isUnresolved()) {
                throw new UnknownHostException("not resolved");
            }
            Socket socket = new Socket();
            try {
                socket.connect(address, (int) timeout.toMillis());
                return socket;
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }
    };
}
