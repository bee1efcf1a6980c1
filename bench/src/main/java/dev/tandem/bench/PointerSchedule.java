package dev.tandem.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * When the pointer load sends what: in every period, each session's visitor sends one frame of
 * events and its agent {@code pointersPerPeriod} pointer messages, all at fixed intended times
 * (open loop). The frames are spread evenly over the period as in the M1 load; each agent's pointers
 * come every {@code period / pointersPerPeriod}, the first half a step after its visitor's frame.
 * A pointer carries its number in the agent's schedule (1, 2, 3, … in the order sent) as the
 * message's {@code node}, which both relays pass on as sent, so the visitor that receives it finds
 * its intended send time here, with no clock in the message.
 */
final class PointerSchedule {

    /** What is due at one offset inside a period: a session's frame ({@code pointer} −1) or its {@code pointer}-th pointer of the period. */
    record Slot(long offset, int session, int pointer) {
        boolean frame() {
            return pointer < 0;
        }
    }

    private final long start;
    private final long periodNanos;
    private final int sessions;
    private final int pointersPerPeriod;
    /** Per session, its pointers' offsets inside a period in ascending order (a pointer past the period's end wraps to its start). */
    private final long[][] pointerOffsets;

    PointerSchedule(long start, long periodNanos, int sessions, int pointersPerPeriod) {
        if (sessions < 1 || pointersPerPeriod < 1 || periodNanos < pointersPerPeriod) {
            throw new IllegalArgumentException("sessions and pointers per period must be positive, the period longer than that");
        }
        this.start = start;
        this.periodNanos = periodNanos;
        this.sessions = sessions;
        this.pointersPerPeriod = pointersPerPeriod;
        this.pointerOffsets = new long[sessions][];
        for (int s = 0; s < sessions; s++) {
            long[] offsets = new long[pointersPerPeriod];
            for (int i = 0; i < pointersPerPeriod; i++) {
                offsets[i] = (frameOffset(s) + (periodNanos / pointersPerPeriod) / 2 + periodNanos * i / pointersPerPeriod) % periodNanos;
            }
            Arrays.sort(offsets);
            pointerOffsets[s] = offsets;
        }
    }

    int sessions() {
        return sessions;
    }

    long periodNanos() {
        return periodNanos;
    }

    /** The offset of session {@code s}'s frame inside a period. */
    long frameOffset(int s) {
        return periodNanos * s / sessions;
    }

    /** Every send of one period, in the order of their offsets (the same in every period). */
    List<Slot> slots() {
        List<Slot> slots = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            slots.add(new Slot(frameOffset(s), s, -1));
            for (int i = 0; i < pointersPerPeriod; i++) {
                slots.add(new Slot(pointerOffsets[s][i], s, i));
            }
        }
        slots.sort(Comparator.comparingLong(Slot::offset));
        return slots;
    }

    /** The intended send time of a slot in period {@code k}. */
    long due(long k, Slot slot) {
        return start + k * periodNanos + slot.offset();
    }

    /** The {@code node} the pointer of a slot in period {@code k} carries: its number in its agent's schedule, from 1. */
    int node(long k, Slot slot) {
        return Math.toIntExact(k * pointersPerPeriod + slot.pointer() + 1);
    }

    /** The intended send time of session {@code s}'s pointer that carried {@code node}. */
    long intended(int s, long node) {
        long n = node - 1;
        return start + (n / pointersPerPeriod) * periodNanos + pointerOffsets[s][(int) (n % pointersPerPeriod)];
    }
}
