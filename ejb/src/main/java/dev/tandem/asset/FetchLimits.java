package dev.tandem.asset;

import java.time.Duration;

/**
 * Bounds of one asset fetch: its largest body, the time to connect, the longest silence while
 * reading, the whole fetch's time (all redirects included) and the most redirects followed.
 */
public record FetchLimits(long maxBytes, Duration connectTimeout, Duration readTimeout, Duration totalTime, int maxRedirects) {
}
