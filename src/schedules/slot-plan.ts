import { slotsBetween } from './next-runs.js';
import type { ScheduleSpec } from './schedule-spec.js';

export type SlotDisposition = 'on-time' | 'catch-up' | 'missed' | 'superseded';

export interface PlannedSlot {
  slotAt: Date;
  slotKey: string;
  disposition: SlotDisposition;
}

export interface PlanWindow {
  /** Exclusive: the last slot already recorded, or when the schedule became active. */
  from: Date;
  now: Date;
  /** A slot at most this late counts as fired on time (tick spacing, a slow boot). */
  onTimeMs: number;
  /** A slot later than on-time but at most this late is caught up; older ones are missed. */
  graceMs: number;
  /** Never look further back than this, so a long outage records a bounded number of rows. */
  lookbackMs: number;
}

/** The slot key of a clock slot: its UTC instant, identical on every instance. */
export const clockSlotKey = (slotAt: Date): string => slotAt.toISOString();

/** The slot key of an on-publish quiet-period window. */
export const publishSlotKey = (openedAt: Date): string => `publish:${openedAt.toISOString()}`;

/**
 * Decides what to do with each slot that is due: fire it, catch it up, or record it as skipped.
 * Only the newest late slot within the grace window is caught up — and none when a slot is on
 * time — older late ones are superseded by it (its digest carries their articles), so a restart never sends a burst of stale digests.
 */
export function planDueSlots(spec: ScheduleSpec, window: PlanWindow): PlannedSlot[] {
  const nowMs = window.now.getTime();
  const from = new Date(Math.max(window.from.getTime(), nowMs - window.lookbackMs));
  const due = slotsBetween(spec, from, window.now);
  const lateLimit = Math.max(window.graceMs, window.onTimeMs);
  const hasOnTime = due.some((slot) => nowMs - slot.getTime() <= window.onTimeMs);
  const newestCatchUp = hasOnTime
    ? undefined
    : [...due].reverse().find((slot) => {
        const lateness = nowMs - slot.getTime();
        return lateness > window.onTimeMs && lateness <= lateLimit;
      });
  return due.map((slotAt) => {
    const lateness = nowMs - slotAt.getTime();
    let disposition: SlotDisposition;
    if (lateness <= window.onTimeMs) disposition = 'on-time';
    else if (lateness > lateLimit) disposition = 'missed';
    else disposition = slotAt === newestCatchUp ? 'catch-up' : 'superseded';
    return { slotAt, slotKey: clockSlotKey(slotAt), disposition };
  });
}
