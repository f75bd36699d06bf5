import { SendRateTracker } from './send-rate.tracker.js';

describe('SendRateTracker', () => {
  const start = new Date('2026-12-01T08:00:00Z');
  const t = (seconds: number) => start.getTime() + seconds * 1000;

  it('averages since the start until it has seen a few seconds itself', () => {
    expect(new SendRateTracker().observe('i', 0, t(0.5), start)).toBeNull();
    const tracker = new SendRateTracker();
    expect(tracker.observe('i', 1000, t(10), start)).toEqual({ perSecond: 100, basis: 'average' });
    expect(tracker.observe('i', 1200, t(12), start)).toEqual({ perSecond: 100, basis: 'average' });
  });

  it('measures over the last minute once it has samples', () => {
    const tracker = new SendRateTracker();
    tracker.observe('i', 1000, t(10), start);
    tracker.observe('i', 1300, t(13), start);
    expect(tracker.observe('i', 3000, t(20), start)).toEqual({ perSecond: 200, basis: 'minute' });
    // Later the early samples fall out of the window: the rate follows the last minute's pace.
    tracker.observe('i', 3000, t(70), start);
    expect(tracker.observe('i', 3600, t(130), start)).toEqual({ perSecond: 10, basis: 'minute' });
  });

  it('forgets issues that stopped sending', () => {
    const tracker = new SendRateTracker();
    tracker.observe('a', 100, t(10), start);
    tracker.retain(new Set());
    expect(tracker.observe('a', 200, t(20), start)).toEqual({ perSecond: 10, basis: 'average' });
  });
});
