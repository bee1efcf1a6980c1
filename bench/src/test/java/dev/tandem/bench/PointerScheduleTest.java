package dev.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pointer load's schedule: every send once a period, in time order, and each pointer's intended time found again from its node. */
class PointerScheduleTest {

    private static final long PERIOD = 100_000_000L;

    @Test
    void aPeriodHoldsEachSessionsFrameAndItsPointersInTheOrderOfTheirTimes() {
        PointerSchedule schedule = new PointerSchedule(1_000, PERIOD, 7, 3);
        List<PointerSchedule.Slot> slots = schedule.slots();

        assertThat(slots).hasSize(7 * 4);
        assertThat(slots.stream().filter(PointerSchedule.Slot::frame)).hasSize(7);
        assertThat(slots).isSortedAccordingTo((a, b) -> Long.compare(a.offset(), b.offset()));
        assertThat(slots).allMatch(s -> s.offset() >= 0 && s.offset() < PERIOD);
    }

    @Test
    void theNodeAPointerCarriesGivesBackItsIntendedTimeAndNumbersAnAgentsPointersInTheOrderSent() {
        PointerSchedule schedule = new PointerSchedule(5_000_000_000L, PERIOD, 100, 3);
        List<List<long[]>> perSession = new ArrayList<>();
        for (int s = 0; s < 100; s++) {
            perSession.add(new ArrayList<>());
        }
        for (long k = 0; k < 20; k++) {
            for (PointerSchedule.Slot slot : schedule.slots()) {
                if (!slot.frame()) {
                    int node = schedule.node(k, slot);
                    assertThat(schedule.intended(slot.session(), node)).isEqualTo(schedule.due(k, slot));
                    perSession.get(slot.session()).add(new long[] {node, schedule.due(k, slot)});
                }
            }
        }
        for (List<long[]> sent : perSession) {
            assertThat(sent).hasSize(60);
            for (int i = 1; i < sent.size(); i++) {
                assertThat(sent.get(i)[0]).as("nodes count up in the order sent").isEqualTo(sent.get(i - 1)[0] + 1);
                // 30 a second, evenly: a third of the period apart (give or take the nanosecond of rounding).
                assertThat(sent.get(i)[1] - sent.get(i - 1)[1]).isBetween(PERIOD / 3 - 1, PERIOD / 3 + 1);
            }
        }
    }

    @Test
    void aScheduleWithoutSessionsOrPointersIsRefused() {
        assertThatThrownBy(() -> new PointerSchedule(0, PERIOD, 0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PointerSchedule(0, PERIOD, 3, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
