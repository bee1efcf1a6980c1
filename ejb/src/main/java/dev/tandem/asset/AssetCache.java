package dev.tandem.asset;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy's in-memory cache: assets by URL, kept as long as their origin allows
 * ({@link FetchedAsset#freshFor()}), at most {@code maxBytes} in all (the least recently used go
 * first) and none larger than a tenth of that. One instance per node, held by {@link AssetProxy};
 * groups with {@code disable_caching} neither read nor fill it. A hit is only served to a group whose
 * allow-list admits every host the fetch went to.
 */
public final class AssetCache {

    private record Entry(FetchedAsset asset, Instant expiresAt) {
    }

    private final long maxBytes;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    public AssetCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The asset cached for this URL, fresh at {@code now} and allowed for {@code hosts}. */
    public synchronized Optional<FetchedAsset> get(String url, Instant now, AssetHosts hosts) {
        Entry entry = entries.get(url);
        if (entry == null) {
            return Optional.empty();
        }
        if (!now.isBefore(entry.expiresAt)) {
            remove(url);
            return Optional.empty();
        }
        return entry.asset.hosts().stream().allMatch(hosts::allows) ? Optional.of(entry.asset) : Optional.empty();
    }

    /** Keeps the asset if its origin allows reuse and it fits. */
    public synchronized void put(String url, FetchedAsset asset, Instant now) {
        long size = asset.body().length;
        if (asset.freshFor().isZero() || asset.freshFor().isNegative() || size > maxBytes / 10) {
            return;
        }
        remove(url);
        entries.put(url, new Entry(asset, now.plus(asset.freshFor())));
        bytes += size;
        Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            bytes -= eldest.next().getValue().asset.body().length;
            eldest.remove();
        }
    }

    /** Bytes held now. */
    public synchronized long bytes() {
        return bytes;
    }

    private void remove(String url) {
        Entry old = entries.remove(url);
        if (old != null) {
            bytes -= old.asset.body().length;
        }
    }
}
