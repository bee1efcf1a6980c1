package dev.tandem.asset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AssetHostsTest {

    private final AssetHosts hosts = AssetHosts.of(List.of("https://www.bank.example", "http://localhost:8290"),
            List.of("cdn.example.net", "*.assets.example.org", "*.com", "https://bad.example", "x.example/path", " Fonts.Example.COM "));

    @Test
    void theGroupsOriginHostsAreAllowed() {
        assertThat(hosts.allows("www.bank.example")).isTrue();
        assertThat(hosts.allows("WWW.Bank.Example")).isTrue();
        assertThat(hosts.allows("localhost")).isTrue();
        assertThat(hosts.allows("bank.example")).isFalse();
    }

    @Test
    void exactExternalDomainsMatchOnlyThemselves() {
        assertThat(hosts.allows("cdn.example.net")).isTrue();
        assertThat(hosts.allows("fonts.example.com")).isTrue();
        assertThat(hosts.allows("a.cdn.example.net")).isFalse();
        assertThat(hosts.allows("cdn.example.net.evil.test")).isFalse();
        assertThat(hosts.allows("evilcdn.example.net")).isFalse();
    }

    @Test
    void suffixRulesMatchHostsBelowButNotTheDomainItself() {
        assertThat(hosts.allows("img.assets.example.org")).isTrue();
        assertThat(hosts.allows("a.b.assets.example.org")).isTrue();
        assertThat(hosts.allows("assets.example.org")).isFalse();
        assertThat(hosts.allows("evilassets.example.org")).isFalse();
    }

    @Test
    void entriesOfOtherShapesAllowNothing() {
        assertThat(hosts.allows("anything.com")).as("*.com is too wide and ignored").isFalse();
        assertThat(hosts.allows("bad.example")).isFalse();
        assertThat(hosts.allows("x.example")).isFalse();
        assertThat(hosts.allows("")).isFalse();
        assertThat(hosts.allows(null)).isFalse();
    }
}
