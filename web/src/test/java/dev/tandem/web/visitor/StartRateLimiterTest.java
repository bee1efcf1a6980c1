package dev.tandem.web.visitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.cluster.ClusterRecords;
import dev.tandem.nodes.SharedKeys;
import dev.tandem.web.http.Failures;
import dev.tandem.web.visitor.StartRateLimiter.Verdict;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.Test;

/**
 * Two nodes' start limiters over one count of all nodes (standing in for {@code visitor_start_count})
 * and one shared key store: each node's own sliding minute first, then the count of all nodes, under a
 * keyed hash of the address; a count that cannot be written fails the start as a database outage.
 */
class StartRateLimiterTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:05Z");
    private static final String CLIENT = "198.51.100.7";

    /** The table: one count per client key and minute, as the upsert keeps it. */
    private static final class Counts extends ClusterRecords {
        final Map<String, Integer> rows = new ConcurrentHashMap<>();
        final List<String> keys = new ArrayList<>();
        RuntimeException failure;

        @Override
        public int countStart(String clientKey, Instant minute) {
            if (failure != null) {
                throw failure;
            }
            keys.add(clientKey);
            return rows.merge(clientKey + "@" + minute, 1, Integer::sum);
        }
    }

    private final Counts counts = new Counts();
    private final ConcurrentMap<String, String> keyStore = new ConcurrentHashMap<>();
    private final StartRateLimiter a = node(T0);
    private final StartRateLimiter b = node(T0.plusSeconds(1));

    private StartRateLimiter node(Instant now) {
        StartRateLimiter limiter = new StartRateLimiter();
        limiter.limit = 4;
        limiter.clock = Clock.fixed(now, ZoneOffset.UTC);
        limiter.records = counts;
        limiter.keys = new SharedKeys(keyStore);
        limiter.init();
        return limiter;
    }

    @Test
    void eachNodesOwnLimitComesFirstAndRefusesWithoutCounting() {
        for (int i = 0; i < 4; i++) {
            assertThat(a.tryAcquire(CLIENT)).isEqualTo(Verdict.ALLOWED);
        }
        assertThat(a.tryAcquire(CLIENT)).isEqualTo(Verdict.REFUSED);
        assertThat(a.tryAcquire(CLIENT)).isEqualTo(Verdict.REFUSED_AGAIN);
        assertThat(counts.keys).as("only the starts this node allowed reach the database").hasSize(4);
    }

    @Test
    void theLimitHoldsForAllNodesTogether() {
        assertThat(a.tryAcquire(CLIENT)).isEqualTo(Verdict.ALLOWED);
        assertThat(a.tryAcquire(CLIENT)).isEqualTo(Verdict.ALLOWED);
        assertThat(b.tryAcquire(CLIENT)).isEqualTo(Verdict.ALLOWED);
        assertThat(b.tryAcquire(CLIENT)).isEqualTo(Verdict.ALLOWED);

        assertThat(b.tryAcquire(CLIENT)).as("b saw two starts; the cluster four").isEqualTo(Verdict.REFUSED);
        assertThat(b.tryAcquire(CLIENT)).as("audited once per minute").isEqualTo(Verdict.REFUSED_AGAIN);
        assertThat(a.tryAcquire(CLIENT)).as("once for all nodes: b audited it").isEqualTo(Verdict.REFUSED_AGAIN);
        assertThat(b.tryAcquire("198.51.100.8")).as("another client").isEqualTo(Verdict.ALLOWED);

        StartRateLimiter nextMinute = node(T0.plusSeconds(70));
        assertThat(nextMinute.tryAcquire(CLIENT)).as("a new calendar minute").isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void theClientIsCountedUnderTheSameKeyedHashOnEveryNodeNeverByItsAddress() {
        a.tryAcquire(CLIENT);
        b.tryAcquire(CLIENT);
        b.tryAcquire("198.51.100.8");
        assertThat(counts.keys.get(0)).matches("[0-9a-f]{32}").doesNotContain("198").isEqualTo(counts.keys.get(1));
        assertThat(counts.keys.get(2)).isNotEqualTo(counts.keys.get(0));

        StartRateLimiter otherCluster = new StartRateLimiter();
        otherCluster.keys = new SharedKeys(new ConcurrentHashMap<>());
        otherCluster.init();
        assertThat(otherCluster.clientKeyOf(CLIENT)).as("keyed: another key, another hash").isNotEqualTo(counts.keys.get(0));
    }

    @Test
    void aCountThatCannotBeWrittenFailsTheStartAsADatabaseOutage() {
        counts.failure = new PersistenceException("could not reach", new SQLException("Connection refused", "08001"));
        assertThatThrownBy(() -> a.tryAcquire(CLIENT)).as("never allowed uncounted")
                .satisfies(e -> assertThat(Failures.databaseUnavailable(e)).as("answered 503 unavailable").isTrue());
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> a.tryAcquire(CLIENT)).isInstanceOf(PersistenceException.class);
        }
        assertThat(a.tryAcquire(CLIENT)).as("over this node's own limit: 429 needs no database").isEqualTo(Verdict.REFUSED);
    }
}
