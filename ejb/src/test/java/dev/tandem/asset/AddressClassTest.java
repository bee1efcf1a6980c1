package dev.tandem.asset;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressClassTest {

    @ParameterizedTest
    @CsvSource({
        "93.184.216.34, PUBLIC", "8.8.8.8, PUBLIC", "2606:2800:220:1:248:1893:25c8:1946, PUBLIC",
        "127.0.0.1, LOOPBACK", "127.0.0.2, LOOPBACK", "::1, LOOPBACK",
        "10.1.2.3, PRIVATE", "172.16.0.1, PRIVATE", "172.31.255.255, PRIVATE", "192.168.1.1, PRIVATE", "100.64.0.1, PRIVATE",
        "198.18.0.1, PRIVATE", "172.32.0.1, PUBLIC",
        "169.254.1.1, LINK_LOCAL", "fe80::1, LINK_LOCAL",
        "224.0.0.1, MULTICAST", "239.255.255.250, MULTICAST", "ff02::1, MULTICAST", "255.255.255.255, MULTICAST",
        "fc00::1, UNIQUE_LOCAL", "fd12:3456::1, UNIQUE_LOCAL", "fec0::1, UNIQUE_LOCAL",
        "169.254.169.254, METADATA", "fd00:ec2::254, METADATA", "100.100.100.200, METADATA", "168.63.129.16, METADATA",
        "169.254.170.2, METADATA",
        "0.0.0.0, UNSPECIFIED", "::, UNSPECIFIED",
        "64:ff9b::7f00:1, IPV4_MAPPED", "2002:7f00:1::, IPV4_MAPPED", "2001:0:4136:e378::1, IPV4_MAPPED", "::7f00:1, IPV4_MAPPED",
        "192.0.2.1, RESERVED", "203.0.113.9, RESERVED", "240.0.0.1, RESERVED", "2001:db8::1, RESERVED"})
    void everyAddressHasItsClass(String address, AddressClass expected) throws UnknownHostException {
        assertThat(AddressClass.of(InetAddress.getByName(address))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1", "10.0.0.1", "93.184.216.34", "169.254.169.254"})
    void ipv4MappedIpv6BytesAreRefusedAsSuchWhateverTheyCarry(String ipv4) throws UnknownHostException {
        byte[] v4 = InetAddress.getByName(ipv4).getAddress();
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(v4, 0, mapped, 12, 4);
        assertThat(AddressClass.of(mapped)).isEqualTo(AddressClass.IPV4_MAPPED);
    }
}
