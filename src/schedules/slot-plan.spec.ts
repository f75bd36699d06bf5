import { parseSchedule } from './schedule-spec.js';
import { planDueSlots, type PlanWindow } from './slot-plan.js';

const MIN = 60_000;
const window = (from: string, now: string, extra: Partial<PlanWindow> = {}): PlanWindow => ({
  from: new Date(from),
  now: new Date(now),
  onTimeMs: 2 * MIN,
  graceMs: 60 * MIN,
  lookbackMs: 24 * 60 * MIN,
  ...extra,
});
const summary = (plan: ReturnType<typeof planDueSlots>): string[] => plan.map((s) => `${s.slotKey} ${s.disposition}`);

describe('planDueSlots', () => {
  const daily7 = parseSchedule({ kind: 'cron', expression: '0 7 * * *', timeZone: 'Europe/Berlin' });
  const quarterly = parseSchedule({ kind: 'cron', expression: '*/15 * * * *', timeZone: 'Europe/Berlin' });

  it('fires a slot that is due now on time', () => {
    expect(summary(planDueSlots(daily7, window('2026-05-03T12:00:00Z', '2026-05-04T05:00:30Z')))).toEqual(['2026-05-04T05:00:00.000Z on-time']);
  });

  it('has nothing before the slot', () => {
    expect(planDueSlots(daily7, window('2026-05-03T12:00:00Z', '2026-05-04T04:59:59Z'))).toEqual([]);
  });

  it('catches up a slot missed within the grace window', () => {
    expect(summary(planDueSlots(daily7, window('2026-05-03T12:00:00Z', '2026-05-04T05:59:00Z')))).toEqual(['2026-05-04T05:00:00.000Z catch-up']);
  });

  it('records a slot missed beyond the grace window as missed', () => {
    expect(summary(planDueSlots(daily7, window('2026-05-03T12:00:00Z', '2026-05-04T06:01:00Z')))).toEqual(['2026-05-04T05:00:00.000Z missed']);
  });

  it('catches up only the newest of several late slots, never a burst', () => {
    expect(summary(planDueSlots(quarterly, window('2026-05-04T04:00:00Z', '2026-05-04T05:20:00Z')))).toEqual([
      '2026-05-04T04:15:00.000Z missed',
      '2026-05-04T04:30:00.000Z superseded',
      '2026-05-04T04:45:00.000Z superseded',
      '2026-05-04T05:00:00.000Z superseded',
      '2026-05-04T05:15:00.000Z catch-up',
    ]);
  });

  it('catches nothing up when a slot is on time: it carries the late ones', () => {
    expect(summary(planDueSlots(quarterly, window('2026-05-04T04:20:00Z', '2026-05-04T05:00:10Z')))).toEqual([
      '2026-05-04T04:30:00.000Z superseded',
      '2026-05-04T04:45:00.000Z superseded',
      '2026-05-04T05:00:00.000Z on-time',
    ]);
  });

  it('looks back no further than the lookback', () => {
    const plan = planDueSlots(daily7, window('2026-01-01T00:00:00Z', '2026-05-04T05:00:00Z', { lookbackMs: 3 * 24 * 60 * MIN }));
    expect(plan.map((s) => s.slotKey)).toEqual(['2026-05-02T05:00:00.000Z', '2026-05-03T05:00:00.000Z', '2026-05-04T05:00:00.000Z']);
  });

  it('fires a one-off at its time and never again', () => {
    const at = parseSchedule({ kind: 'at', at: '2026-05-04T09:30:00+02:00' });
    expect(summary(planDueSlots(at, window('2026-05-01T00:00:00Z', '2026-05-04T07:30:00Z')))).toEqual(['2026-05-04T07:30:00.000Z on-time']);
    expect(planDueSlots(at, window('2026-05-04T07:30:00Z', '2026-05-05T07:30:00Z'))).toEqual([]);
  });
});
