package dev.tandem.web.visitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.group.CobrowseGroup;
import dev.tandem.group.GroupRepository;
import dev.tandem.group.WebOrigin;
import dev.tandem.web.http.FaultLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AllowedOriginsTest {

    private final FakeGroups groups = new FakeGroups();
    private final AllowedOrigins origins = new AllowedOrigins();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    AllowedOriginsTest() {
        origins.groups = groups;
        origins.faults = new FaultLog();
        origins.clock = Clock.fixed(now, ZoneOffset.UTC);
    }

    private void advance(Duration by) {
        now = now.plus(by);
        origins.clock = Clock.fixed(now, ZoneOffset.UTC);
    }

    @Test
    void anOriginAllowedBeforeAnOutageStaysAllowedDuringIt() {
        groups.allowed = Set.of("https://acme.example");
        assertThat(origins.allowed("https://acme.example")).map(WebOrigin::value).hasValue("https://acme.example");

        groups.down = true;
        advance(Duration.ofMinutes(5));
        assertThat(origins.allowed("https://acme.example")).map(WebOrigin::value).hasValue("https://acme.example");
    }

    @Test
    void anOriginNeverSeenIsRefusedDuringAnOutageNeverAllowed() {
        groups.down = true;
        assertThat(origins.allowed("https://acme.example")).isEmpty();
        assertThat(origins.allowed("https://stranger.example")).isEmpty();
    }

    @Test
    void aRefusedOriginStaysRefusedDuringAnOutage() {
        assertThat(origins.allowed("https://stranger.example")).isEmpty();
        groups.down = true;
        advance(Duration.ofMinutes(5));
        assertThat(origins.allowed("https://stranger.example")).isEmpty();
    }

    @Test
    void theDatabaseIsAskedAgainOnceTheAnswerIsStale() {
        groups.allowed = Set.of("https://acme.example");
        origins.allowed("https://acme.example");
        origins.allowed("https://acme.example");
        assertThat(groups.asked).isEqualTo(1);

        groups.allowed = Set.of();
        advance(AllowedOrigins.FRESH.plusSeconds(1));
        assertThat(origins.allowed("https://acme.example")).as("a removed origin is dropped after the fresh period").isEmpty();
        assertThat(groups.asked).isEqualTo(2);
    }

    private static final class FakeGroups implements GroupRepository {
        Set<String> allowed = Set.of();
        boolean down;
        int asked;

        @Override
        public Optional<CobrowseGroup> find(String groupId) {
            return Optional.empty();
        }

        @Override
        public boolean isAllowedByAnyEnabledGroup(WebOrigin origin) {
            asked++;
            if (down) {
                throw new IllegalStateException("connection refused", new java.sql.SQLException("refused", "08001"));
            }
            return allowed.contains(origin.value());
        }

        @Override
        public java.util.List<CobrowseGroup> all() {
            return java.util.List.of();
        }

        @Override
        public boolean update(String groupId, dev.tandem.group.GroupChange change) {
            return false;
        }
    }
}
