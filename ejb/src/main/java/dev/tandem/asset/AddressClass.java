package dev.tandem.asset;

import java.net.InetAddress;
import java.util.Locale;

/**
 * The class of an address an asset would be fetched from. Only {@link #PUBLIC} addresses are used
 * unless the operator lists the host in {@code tandem.proxy.internal-hosts}; {@link #METADATA} never.
 * Classified on the raw bytes, so an IPv6 address that carries an IPv4 one (mapped, compatible,
 * NAT64, 6to4, Teredo) is refused as such rather than trusted for its IPv6 form.
 */
public enum AddressClass {
    PUBLIC,
    /** A cloud provider's instance metadata service (169.254.169.254, fd00:ec2::254, 100.100.100.200, 168.63.129.16, 169.254.170.2). */
    METADATA,
    /** 0.0.0.0/8, :: */
    UNSPECIFIED,
    /** 127.0.0.0/8, ::1 */
    LOOPBACK,
    /** 10/8, 172.16/12, 192.168/16, 100.64/10 (shared address space), 198.18/15 (benchmarking) */
    PRIVATE,
    /** 169.254/16, fe80::/10 */
    LINK_LOCAL,
    /** 224/4, ff00::/8, 255.255.255.255 */
    MULTICAST,
    /** fc00::/7, fec0::/10 (deprecated site-local) */
    UNIQUE_LOCAL,
    /** An IPv6 address that embeds an IPv4 one: ::ffff:0:0/96, ::/96, 64:ff9b::/96, 2002::/16, 2001::/32 */
    IPV4_MAPPED,
    /** 192.0.0/24, 192.0.2/24, 198.51.100/24, 203.0.113/24, 240/4, 2001:db8::/32: not for use on the internet */
    RESERVED;

    /** The word written in the audit log. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AddressClass of(InetAddress address) {
        return of(address.getAddress());
    }

    /** The class of a 4- or 16-byte address. */
    public static AddressClass of(byte[] a) {
        return a.length == 4 ? ofIpv4(a) : ofIpv6(a);
    }

    private static AddressClass ofIpv4(byte[] a) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        int b2 = a[2] & 0xff;
        int b3 = a[3] & 0xff;
        if (b0 == 169 && b1 == 254 && (b2 == 169 && b3 == 254 || b2 == 170 && b3 == 2)
                || b0 == 100 && b1 == 100 && b2 == 100 && b3 == 200 || b0 == 168 && b1 == 63 && b2 == 129 && b3 == 16) {
            return METADATA;
        }
        if (b0 == 0) {
            return UNSPECIFIED;
        }
        if (b0 == 127) {
            return LOOPBACK;
        }
        if (b0 == 10 || b0 == 172 && (b1 & 0xf0) == 16 || b0 == 192 && b1 == 168 || b0 == 100 && (b1 & 0xc0) == 64
                || b0 == 198 && (b1 & 0xfe) == 18) {
            return PRIVATE;
        }
        if (b0 == 169 && b1 == 254) {
            return LINK_LOCAL;
        }
        if ((b0 & 0xf0) == 224 || b0 == 255 && b1 == 255 && b2 == 255 && b3 == 255) {
            return MULTICAST;
        }
        if (b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2) || b0 == 198 && b1 == 51 && b2 == 100
                || b0 == 203 && b1 == 0 && b2 == 113 || b0 >= 240) {
            return RESERVED;
        }
        return PUBLIC;
    }

    private static AddressClass ofIpv6(byte[] a) {
        int w0 = word(a, 0);
        if (w0 == 0xfd00 && word(a, 2) == 0x0ec2 && isZero(a, 4, 14) && word(a, 14) == 0x0254) {
            return METADATA;
        }
        if (isZero(a, 0, 10)) {
            if (word(a, 10) == 0xffff) {
                return IPV4_MAPPED;
            }
            if (word(a, 10) == 0 && isZero(a, 12, 15)) {
                return a[15] == 0 ? UNSPECIFIED : a[15] == 1 ? LOOPBACK : IPV4_MAPPED;
            }
            if (word(a, 10) == 0) {
                return IPV4_MAPPED; // IPv4-compatible
            }
        }
        if (w0 == 0x0064 && word(a, 2) == 0xff9b || w0 == 0x2002 || w0 == 0x2001 && word(a, 2) == 0) {
            return IPV4_MAPPED; // NAT64, 6to4, Teredo
        }
        if ((a[0] & 0xff) == 0xff) {
            return MULTICAST;
        }
        if ((w0 & 0xffc0) == 0xfe80) {
            return LINK_LOCAL;
        }
        if ((a[0] & 0xfe) == 0xfc || (w0 & 0xffc0) == 0xfec0) {
            return UNIQUE_LOCAL;
        }
        if (w0 == 0x2001 && word(a, 2) == 0x0db8) {
            return RESERVED;
        }
        return PUBLIC;
    }

    private static int word(byte[] a, int i) {
        return (a[i] & 0xff) << 8 | a[i + 1] & 0xff;
    }

    private static boolean isZero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
