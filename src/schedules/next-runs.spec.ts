import { nextRuns, slotsBetween, toLocalIso } from './next-runs.js';
import { parseSchedule } from './schedule-spec.js';

const cron = (expression: string, timeZone = 'Europe/Berlin') => parseSchedule({ kind: 'cron', expression, timeZone });
const locals = (expression: string, after: string, count: number): string[] =>
  nextRuns(cron(expression), new Date(after), count).map((run) => run.local);

// Europe/Berlin 2026: clocks go 02:00 → 03:00 on 29 March and 03:00 → 02:00 on 25 October.
describe('nextRuns across daylight saving changes in Europe/Berlin', () => {
  it('fires a daily 07:00 at 07:00 local on both sides of the spring change', () => {
    expect(nextRuns(cron('0 7 * * *'), new Date('2026-03-27T12:00:00Z'), 3)).toEqual([
      { local: '2026-03-28T07:00:00+01:00', utc: '2026-03-28T06:00:00.000Z' },
      { local: '2026-03-29T07:00:00+02:00', utc: '2026-03-29T05:00:00.000Z' },
      { local: '2026-03-30T07:00:00+02:00', utc: '2026-03-30T05:00:00.000Z' },
    ]);
  });

  it('fires a daily 07:00 at 07:00 local on both sides of the autumn change', () => {
    expect(nextRuns(cron('0 7 * * *'), new Date('2026-10-24T00:00:00Z'), 2)).toEqual([
      { local: '2026-10-24T07:00:00+02:00', utc: '2026-10-24T05:00:00.000Z' },
      { local: '2026-10-25T07:00:00+01:00', utc: '2026-10-25T06:00:00.000Z' },
    ]);
  });

  it('moves a slot in the skipped hour to 03:00 and fires it once', () => {
    expect(locals('30 2 * * *', '2026-03-28T12:00:00Z', 2)).toEqual(['2026-03-29T03:00:00+02:00', '2026-03-30T02:30:00+02:00']);
    expect(locals('0,30 2 * * *', '2026-03-28T12:00:00Z', 3)).toEqual([
      '2026-03-29T03:00:00+02:00',
      '2026-03-30T02:00:00+02:00',
      '2026-03-30T02:30:00+02:00',
    ]);
  });

  it('fires a slot in the repeated hour once, at its first occurrence', () => {
    expect(locals('30 2 * * *', '2026-10-24T12:00:00Z', 2)).toEqual(['2026-10-25T02:30:00+02:00', '2026-10-26T02:30:00+01:00']);
    // Asking again from inside the repeated hour must not produce the second 02:30.
    expect(locals('30 2 * * *', '2026-10-25T00:45:00Z', 1)).toEqual(['2026-10-26T02:30:00+01:00']);
  });

  it('treats lists as wall-clock slots but steps as intervals in the repeated hour (Vixie cron)', () => {
    expect(locals('0,30 2 * * *', '2026-10-24T12:00:00Z', 3)).toEqual([
      '2026-10-25T02:00:00+02:00',
      '2026-10-25T02:30:00+02:00',
      '2026-10-26T02:00:00+01:00',
    ]);
    // Every 30 minutes means elapsed time: the repeated hour really happens twice.
    expect(locals('*/30 2 * * *', '2026-10-24T12:00:00Z', 4)).toEqual([
      '2026-10-25T02:00:00+02:00',
      '2026-10-25T02:30:00+02:00',
      '2026-10-25T02:00:00+01:00',
      '2026-10-25T02:30:00+01:00',
    ]);
  });

  it('lists an at schedule once and on-publish never', () => {
    const at = parseSchedule({ kind: 'at', at: '2026-12-01T07:00:00+01:00' });
    expect(nextRuns(at, new Date('2026-11-01T00:00:00Z'), 5)).toEqual([
      { local: '2026-12-01T06:00:00+00:00', utc: '2026-12-01T06:00:00.000Z' },
    ]);
    expect(nextRuns(at, new Date('2026-12-01T06:00:00Z'), 5)).toEqual([]);
    expect(nextRuns(parseSchedule({ kind: 'on-publish' }), new Date(), 5)).toEqual([]);
  });

  it('formats other zones with their offsets', () => {
    expect(toLocalIso(new Date('2026-07-01T12:00:00Z'), 'America/St_Johns')).toBe('2026-07-01T09:30:00-02:30');
    expect(toLocalIso(new Date('2026-07-01T12:00:00Z'), 'UTC')).toBe('2026-07-01T12:00:00+00:00');
  });
});

describe('slotsBetween', () => {
  it('returns the slots in (from, to] oldest first, each DST slot once', () => {
    const slots = slotsBetween(cron('30 2 * * *'), new Date('2026-10-24T00:30:00Z'), new Date('2026-10-26T01:30:00Z'));
    expect(slots.map((d) => toLocalIso(d, 'Europe/Berlin'))).toEqual([
      '2026-10-25T02:30:00+02:00',
      '2026-10-26T02:30:00+01:00',
    ]);
    const spring = slotsBetween(cron('30 2 * * *'), new Date('2026-03-28T00:00:00Z'), new Date('2026-03-30T00:00:00Z'));
    expect(spring.map((d) => d.toISOString())).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-29T01:00:00.000Z']);
  });

  it('refuses to list an unbounded catch-up', () => {
    expect(() => slotsBetween(cron('* * * * *'), new Date('2026-01-01T00:00:00Z'), new Date('2026-01-02T00:00:00Z'), 100)).toThrow(
      /more than 100 slots/,
    );
  });

  it('covers a one-off time inside the window only', () => {
    const at = parseSchedule({ kind: 'at', at: '2026-12-01T07:00:00+01:00' });
    expect(slotsBetween(at, new Date('2026-12-01T05:00:00Z'), new Date('2026-12-01T06:00:00Z'))).toEqual([new Date('2026-12-01T06:00:00Z')]);
    expect(slotsBetween(at, new Date('2026-12-01T06:00:00Z'), new Date('2026-12-02T00:00:00Z'))).toEqual([]);
  });
});
