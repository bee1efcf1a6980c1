package dev.tandem.asset;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The node's asset proxy: its settings ({@code tandem.proxy.*}), the fetcher, the cache, the cap on
 * fetches at once and each session's budget of bytes and fetch time. Fetches run on the request's
 * own thread; nothing here starts a thread. Stylesheets are passed on with their {@code url()}s
 * rewritten to the proxy.
 */
@ApplicationScoped
public class AssetProxy {

    private static final int MAX_SESSIONS_TRACKED = 10_000;

    @Inject
    @ConfigProperty(name = "tandem.proxy.max-asset-bytes", defaultValue = "5242880")
    long maxAssetBytes;

    @Inject
    @ConfigProperty(name = "tandem.proxy.connect-timeout-ms", defaultValue = "3000")
    long connectTimeoutMs;

    @Inject
    @ConfigProperty(name = "tandem.proxy.read-timeout-ms", defaultValue = "5000")
    long readTimeoutMs;

    @Inject
    @ConfigProperty(name = "tandem.proxy.fetch-timeout-ms", defaultValue = "10000")
    long fetchTimeoutMs;

    @Inject
    @ConfigProperty(name = "tandem.proxy.max-redirects", defaultValue = "5")
    int maxRedirects;

    @Inject
    @ConfigProperty(name = "tandem.proxy.max-concurrent", defaultValue = "16")
    int maxConcurrent;

    @Inject
    @ConfigProperty(name = "tandem.proxy.session-max-bytes", defaultValue = "104857600")
    long sessionMaxBytes;

    @Inject
    @ConfigProperty(name = "tandem.proxy.session-max-fetch-seconds", defaultValue = "300")
    long sessionMaxFetchSeconds;

    @Inject
    @ConfigProperty(name = "tandem.proxy.cache-max-bytes", defaultValue = "33554432")
    long cacheMaxBytes;

    @Inject
    @ConfigProperty(name = "tandem.proxy.internal-hosts")
    Optional<String> internalHosts;

    @Inject
    @ConfigProperty(name = "tandem.proxy.forward.host")
    Optional<String> forwardHost;

    @Inject
    @ConfigProperty(name = "tandem.proxy.forward.port", defaultValue = "3128")
    int forwardPort;

    @Inject
    @ConfigProperty(name = "tandem.proxy.forward.user")
    Optional<String> forwardUser;

    @Inject
    @ConfigProperty(name = "tandem.proxy.forward.password")
    Optional<String> forwardPassword;

    @Inject
    @ConfigProperty(name = "tandem.proxy.forward.no-proxy")
    Optional<String> noProxy;

    @Inject
    Clock clock;

    /** The network fetches use; tests replace it. */
    Network network = Network.SYSTEM;

    private AssetFetcher fetcher;
    private AssetCache cache;
    private Semaphore slots;
    /** Bytes and fetch milliseconds spent per session reference. */
    private final Map<String, long[]> budgets = new LeastRecentlyUsed<>(MAX_SESSIONS_TRACKED);
    /** "session host" pairs whose refusal this node has audited. */
    private final Set<String> refusalsSeen = java.util.Collections.newSetFromMap(new LeastRecentlyUsed<>(MAX_SESSIONS_TRACKED));

    @PostConstruct
    void start() {
        ForwardProxy forward = forwardHost.filter(h -> !h.isBlank())
                .map(h -> new ForwardProxy(h.trim(), forwardPort, forwardUser.orElse(null), forwardPassword.orElse(null), list(noProxy)))
                .orElse(ForwardProxy.NONE);
        fetcher = new AssetFetcher(new FetchLimits(maxAssetBytes, Duration.ofMillis(connectTimeoutMs), Duration.ofMillis(readTimeoutMs),
                Duration.ofMillis(fetchTimeoutMs), maxRedirects), forward, Set.copyOf(list(internalHosts)), network,
                (SSLSocketFactory) SSLSocketFactory.getDefault(), clock);
        cache = new AssetCache(cacheMaxBytes);
        slots = new Semaphore(Math.max(1, maxConcurrent));
    }

    private static java.util.List<String> list(Optional<String> csv) {
        return csv.map(s -> Arrays.stream(s.split(",")).map(String::trim).map(x -> x.toLowerCase(java.util.Locale.ROOT))
                .filter(x -> !x.isEmpty()).collect(Collectors.toList())).orElse(java.util.List.of());
    }

    /**
     * The asset at {@code url} for this grant, from the cache or fetched now; a stylesheet with its
     * references rewritten to the proxy. Throws {@link AssetRefusal}.
     */
    public FetchedAsset serve(AssetAccess.AssetGrant grant, String url) {
        String key = AssetFetcher.parse(url).toString();
        if (!grant.disableCaching()) {
            Optional<FetchedAsset> cached = cache.get(key, clock.instant(), grant.hosts());
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        checkBudget(grant.sessionRef());
        if (!slots.tryAcquire()) {
            throw new AssetRefusal(AssetRefusal.Reason.BUSY, null, null);
        }
        Instant started = clock.instant();
        long bytes = 0;
        try {
            FetchedAsset fetched = fetcher.fetch(key, grant.hosts());
            bytes = fetched.body().length;
            FetchedAsset served = fetched.isStylesheet() ? rewritten(fetched, key) : fetched;
            if (!grant.disableCaching()) {
                cache.put(key, served, clock.instant());
            }
            return served;
        } finally {
            slots.release();
            spend(grant.sessionRef(), bytes, Duration.between(started, clock.instant()).toMillis());
        }
    }

    /** True the first time this node sees a refusal for this session and host (the audit checks again across nodes). */
    public boolean firstRefusal(String sessionRef, String host) {
        synchronized (refusalsSeen) {
            return refusalsSeen.add(sessionRef + " " + host);
        }
    }

    /** Bytes the cache holds now. */
    public long cachedBytes() {
        return cache.bytes();
    }

    private FetchedAsset rewritten(FetchedAsset css, String url) {
        String text = new String(css.body(), StandardCharsets.UTF_8);
        byte[] body = AssetUrls.css(text, URI.create(url)).getBytes(StandardCharsets.UTF_8);
        return new FetchedAsset(css.mediaType(), body, css.freshFor(), css.hosts());
    }

    private void checkBudget(String sessionRef) {
        synchronized (budgets) {
            long[] spent = budgets.get(sessionRef);
            if (spent != null && (spent[0] >= sessionMaxBytes || spent[1] >= sessionMaxFetchSeconds * 1000)) {
                throw new AssetRefusal(AssetRefusal.Reason.SESSION_BUDGET, null, null);
            }
        }
    }

    private void spend(String sessionRef, long bytes, long millis) {
        synchronized (budgets) {
            long[] spent = budgets.computeIfAbsent(sessionRef, k -> new long[2]);
            spent[0] += bytes;
            spent[1] += millis;
        }
    }
}
