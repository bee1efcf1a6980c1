package dev.tandem.asset;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that keeps at most {@code capacity} entries: adding one more drops the entry read or written
 * least recently. It bounds what the node remembers per session (asset budgets, refusals already
 * audited) however many sessions pass through. Not thread-safe: its owner locks around each use.
 */
final class LeastRecentlyUsed<K, V> extends LinkedHashMap<K, V> {

    private static final long serialVersionUID = 1L;

    private final int capacity;

    LeastRecentlyUsed(int capacity) {
        super(256, 0.75f, true);
        this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
    }
}
