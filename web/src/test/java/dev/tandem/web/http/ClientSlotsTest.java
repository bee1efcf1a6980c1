package dev.tandem.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientSlotsTest {

    private final ClientSlots slots = new ClientSlots(2);

    @Test
    void aClientHoldsAtMostItsShareAndGetsSlotsBack() {
        assertThat(slots.tryAcquire("198.51.100.1")).isTrue();
        assertThat(slots.tryAcquire("198.51.100.1")).isTrue();
        assertThat(slots.tryAcquire("198.51.100.1")).isFalse();
        assertThat(slots.tryAcquire("198.51.100.2")).as("another client is not affected").isTrue();

        slots.release("198.51.100.1");
        assertThat(slots.tryAcquire("198.51.100.1")).isTrue();
    }

    @Test
    void aClientWithNothingInFlightIsForgotten() {
        slots.tryAcquire("198.51.100.3");
        slots.release("198.51.100.3");
        slots.release("198.51.100.3");
        assertThat(slots.held("198.51.100.3")).isZero();
        assertThat(slots.tryAcquire("198.51.100.3")).isTrue();
        assertThat(slots.held("198.51.100.3")).isEqualTo(1);
    }
}
