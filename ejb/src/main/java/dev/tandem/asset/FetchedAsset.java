package dev.tandem.asset;

import java.time.Duration;
import java.util.List;

/**
 * An asset as fetched: its media type (lower case, without parameters), its bytes, how long the
 * origin lets it be reused ({@link Duration#ZERO}: not at all) and every host the fetch went to
 * (the first, then each redirect's), which must all be allowed for whoever gets it from the cache.
 */
public record FetchedAsset(String mediaType, byte[] body, Duration freshFor, List<String> hosts) {

    public boolean isStylesheet() {
        return mediaType.equals("text/css");
    }
}
