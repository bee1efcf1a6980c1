package dev.tandem.asset;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssetCacheTest {

    private final Instant now = Instant.parse("2026-11-29T12:00:00Z");
    private final AssetHosts cdn = AssetHosts.of(List.of(), List.of("cdn.test"));

    private static FetchedAsset asset(int bytes, Duration fresh, String... hosts) {
        return new FetchedAsset("image/png", new byte[bytes], fresh, List.of(hosts));
    }

    @Test
    void anAssetIsServedUntilItsOriginsLifetimeEnds() {
        AssetCache cache = new AssetCache(10_000);
        cache.put("http://cdn.test/a.png", asset(10, Duration.ofSeconds(60), "cdn.test"), now);
        assertThat(cache.get("http://cdn.test/a.png", now.plusSeconds(59), cdn)).isPresent();
        assertThat(cache.get("http://cdn.test/a.png", now.plusSeconds(60), cdn)).isEmpty();
        assertThat(cache.bytes()).isZero();
    }

    @Test
    void anAssetTheOriginForbidsToReuseIsNotKept() {
        AssetCache cache = new AssetCache(10_000);
        cache.put("http://cdn.test/a.png", asset(10, Duration.ZERO, "cdn.test"), now);
        assertThat(cache.get("http://cdn.test/a.png", now, cdn)).isEmpty();
    }

    @Test
    void aHitIsOnlyForAGroupThatAllowsEveryHostTheFetchWentTo() {
        AssetCache cache = new AssetCache(10_000);
        cache.put("http://cdn.test/r.png", asset(10, Duration.ofSeconds(60), "cdn.test", "other.test"), now);
        assertThat(cache.get("http://cdn.test/r.png", now, cdn)).isEmpty();
        assertThat(cache.get("http://cdn.test/r.png", now, AssetHosts.of(List.of(), List.of("cdn.test", "other.test")))).isPresent();
    }

    @Test
    void theCacheStaysWithinItsBytesDroppingTheLeastRecentlyUsed() {
        AssetCache cache = new AssetCache(3000);
        cache.put("http://cdn.test/1", asset(300, Duration.ofMinutes(5), "cdn.test"), now);
        for (int i = 2; i <= 12; i++) {
            cache.get("http://cdn.test/1", now, cdn);
            cache.put("http://cdn.test/" + i, asset(300, Duration.ofMinutes(5), "cdn.test"), now);
        }
        assertThat(cache.bytes()).isLessThanOrEqualTo(3000);
        assertThat(cache.get("http://cdn.test/1", now, cdn)).as("recently used").isPresent();
        assertThat(cache.get("http://cdn.test/2", now, cdn)).as("least recently used").isEmpty();
        cache.put("http://cdn.test/huge", asset(301, Duration.ofMinutes(5), "cdn.test"), now);
        assertThat(cache.get("http://cdn.test/huge", now, cdn)).as("larger than a tenth").isEmpty();
    }
}
