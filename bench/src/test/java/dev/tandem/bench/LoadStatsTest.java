package dev.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoadStatsTest {

    private static final long MS = 1_000_000L;

    @Test
    void anEventSentInTheWindowIsMeasuredEvenWhenItArrivesInTheDrainAfterIt() {
        LoadStats stats = new LoadStats();
        stats.openWindow(1000 * MS);
        stats.record(1500 * MS, 1501 * MS); // sent and arrived in the window: 1 ms
        stats.closeWindow(2000 * MS);
        stats.record(1999 * MS, 2400 * MS); // sent in the window, arrived in the drain: 401 ms

        assertThat(stats.latency().getTotalCount()).isEqualTo(2);
        assertThat(stats.latency().getMaxValue()).as("the late arrival's latency, in µs").isGreaterThanOrEqualTo(400_000);
    }

    @Test
    void eventsSentBeforeOrAfterTheWindowAreNotMeasuredButStillCountAsDelivered() {
        LoadStats stats = new LoadStats();
        stats.record(500 * MS, 2500 * MS); // warm-up event arriving late, during the window
        stats.openWindow(1000 * MS);
        stats.closeWindow(2000 * MS);
        stats.record(2100 * MS, 2101 * MS); // sent after the window

        assertThat(stats.latency().getTotalCount()).isZero();
        assertThat(stats.delivered()).isEqualTo(2);
    }

    @Test
    void theGeneratorsSendLagIsMeasuredFromTheIntendedTime() {
        LoadStats stats = new LoadStats();
        stats.openWindow(0);
        stats.sent(10 * MS, 13 * MS);
        stats.closeWindow(20 * MS);

        assertThat(stats.sendLag().getMaxValue()).isBetween(2_990L, 3_010L);
    }
}
