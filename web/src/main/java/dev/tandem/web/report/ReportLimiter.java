package dev.tandem.web.report;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@value #PER_MINUTE} stored reports per client address per minute, so that a flood of
 * reports cannot flood the audit log. The table is bounded and starts afresh each minute.
 */
@ApplicationScoped
public class ReportLimiter {

    static final int PER_MINUTE = 30;
    private static final int MAX_CLIENTS = 10_000;

    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private volatile long minute;

    public boolean tryAcquire(String client) {
        long now = System.currentTimeMillis() / 60_000;
        if (now != minute) {
            minute = now;
            counts.clear();
        }
        if (counts.size() >= MAX_CLIENTS && !counts.containsKey(client)) {
            return false;
        }
        return counts.computeIfAbsent(client, c -> new AtomicInteger()).incrementAndGet() <= PER_MINUTE;
    }
}
