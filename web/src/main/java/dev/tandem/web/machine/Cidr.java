package dev.tandem.web.machine;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One network in CIDR notation ({@code 203.0.113.0/24}, {@code 2001:db8::/32}, or a single address),
 * and whether an address lies inside it. Only address literals are parsed (never a host name, so no
 * DNS lookup); an IPv4 network never matches an IPv6 address or the other way round.
 */
public final class Cidr {

    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /** The network, or empty if the text is not a valid CIDR or address literal. */
    public static Optional<Cidr> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.trim().split("/", -1);
        if (parts.length > 2) {
            return Optional.empty();
        }
        Optional<byte[]> address = literal(parts[0]);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        int bits = address.get().length * 8;
        int prefix = bits;
        if (parts.length == 2) {
            if (!parts[1].matches("[0-9]{1,3}")) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(parts[1]);
            if (prefix > bits) {
                return Optional.empty();
            }
        }
        return Optional.of(new Cidr(address.get(), prefix));
    }

    /** True if the address literal lies inside this network; false for anything unparsable. */
    public boolean contains(String address) {
        Optional<byte[]> bytes = literal(address);
        if (bytes.isEmpty() || bytes.get().length != network.length) {
            return false;
        }
        byte[] a = bytes.get();
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & mask) == (network[full] & mask);
    }

    private static Optional<byte[]> literal(String text) {
        if (text == null || !LITERAL.matcher(text).matches() || (text.indexOf(':') < 0 && !text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}"))) {
            return Optional.empty();
        }
        try {
            byte[] bytes = InetAddress.getByName(text).getAddress();
            return Optional.of(unmapped(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is that IPv4 address. */
    private static byte[] unmapped(byte[] bytes) {
        if (bytes.length == 16) {
            for (int i = 0; i < 10; i++) {
                if (bytes[i] != 0) {
                    return bytes;
                }
            }
            if (bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF) {
                return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
            }
        }
        return bytes;
    }
}
