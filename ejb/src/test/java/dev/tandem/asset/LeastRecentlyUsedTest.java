package dev.tandem.asset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeastRecentlyUsedTest {

    @Test
    void pastItsCapacityTheEntryUsedLeastRecentlyGoes() {
        LeastRecentlyUsed<String, Integer> map = new LeastRecentlyUsed<>(2);
        map.put("a", 1);
        map.put("b", 2);
        map.get("a"); // read: now b is the least recently used
        map.put("c", 3);
        assertThat(map).containsOnlyKeys("a", "c");
        map.computeIfAbsent("d", k -> 4);
        assertThat(map).containsOnlyKeys("c", "d");
    }
}
