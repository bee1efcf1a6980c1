package dev.tandem.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The visitor stream's message rate: a documented burst at once, then the sustained rate, refilled over time. */
class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    private static int takenAt(TokenBucket bucket, long now, int tries) {
        int taken = 0;
        for (int i = 0; i < tries; i++) {
            if (bucket.tryTake(now)) {
                taken++;
            }
        }
        return taken;
    }

    @Test
    void aFullBurstPassesAtOnceAndTheNextMessageIsRefused() {
        TokenBucket bucket = new TokenBucket(100, 30, 0);
        assertThat(takenAt(bucket, 0, 100)).isEqualTo(100);
        assertThat(bucket.tryTake(0)).isFalse();
    }

    @Test
    void messagesQueuedDuringAStallPassWhenTheyArriveTogether() {
        // The capture sends at most 10 a second; a 3.5 s stall delivers 35 at once.
        TokenBucket bucket = new TokenBucket(100, 30, 0);
        long now = 0;
        for (int i = 0; i < 50; i++) {
            now += SECOND / 10;
            assertThat(bucket.tryTake(now)).isTrue();
        }
        now += 3_500_000_000L;
        assertThat(takenAt(bucket, now, 35)).isEqualTo(35);
    }

    @Test
    void theBucketRefillsAtTheSustainedRateAndNoFurtherThanTheBurst() {
        TokenBucket bucket = new TokenBucket(100, 30, 0);
        takenAt(bucket, 0, 100);
        assertThat(takenAt(bucket, SECOND, 1000)).as("one second refills 30").isEqualTo(30);
        assertThat(takenAt(bucket, SECOND + SECOND / 2, 1000)).as("half a second refills 15").isEqualTo(15);
        assertThat(takenAt(bucket, 1000 * SECOND, 1000)).as("a long pause refills no more than the burst").isEqualTo(100);
    }

    @Test
    void aSenderAboveTheSustainedRateRunsOutOnceTheBurstIsSpent() {
        TokenBucket bucket = new TokenBucket(100, 30, 0);
        long now = 0;
        int sent = 0;
        while (bucket.tryTake(now)) {
            sent++;
            now += SECOND / 60; // 60 a second, twice the rate
        }
        // Burst 100 spent at a net 30 a second: refused after a little more than 3 s, about 200 messages.
        assertThat(sent).isBetween(195, 205);
    }

    @Test
    void aClockThatStandsStillOrGoesBackGivesNothing() {
        TokenBucket bucket = new TokenBucket(2, 1, 10 * SECOND);
        takenAt(bucket, 10 * SECOND, 2);
        assertThat(bucket.tryTake(5 * SECOND)).isFalse();
        assertThat(bucket.tryTake(10 * SECOND)).isFalse();
        assertThat(bucket.tryTake(11 * SECOND)).isTrue();
    }

    @Test
    void burstAndRateMustBePositive() {
        assertThatThrownBy(() -> new TokenBucket(0, 30, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(10, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
