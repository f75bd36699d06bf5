import { INITIAL_PACER_STATE, type PacingPolicy, PostingPacer, validatePacingPolicy } from './posting-pacer.js';

const policy: PacingPolicy = { minGapMs: 5 * 60_000, jitterMs: 2 * 60_000, dailyCap: 3, timeZone: 'Europe/Berlin' };

function pacerAt(start: string, randoms: number[]): { pacer: PostingPacer; setNow: (iso: string) => void } {
  let now = new Date(start);
  const queue = [...randoms];
  const pacer = new PostingPacer(policy, () => now, () => queue.shift() ?? 0);
  return { pacer, setNow: (iso) => (now = new Date(iso)) };
}

describe('PostingPacer', () => {
  it('lets the first post go at once, then enforces gap plus the drawn jitter', () => {
    const { pacer, setNow } = pacerAt('2026-05-04T08:00:00Z', [0.5, 0.25]);
    expect(pacer.decide(INITIAL_PACER_STATE)).toEqual({ kind: 'post-now' });
    const afterFirst = pacer.afterPost(INITIAL_PACER_STATE);
    // 5 min gap + 0.5 × 2 min jitter
    expect(afterFirst).toEqual({ nextAllowedAt: new Date('2026-05-04T08:06:00Z'), day: '2026-05-04', postsToday: 1 });

    setNow('2026-05-04T08:05:59Z');
    expect(pacer.decide(afterFirst)).toEqual({ kind: 'wait', until: new Date('2026-05-04T08:06:00Z'), reason: 'gap' });
    setNow('2026-05-04T08:06:00Z');
    expect(pacer.decide(afterFirst)).toEqual({ kind: 'post-now' });
    // A new jitter is drawn for every gap.
    expect(pacer.afterPost(afterFirst).nextAllowedAt).toEqual(new Date('2026-05-04T08:11:30Z'));
  });

  it('stops at the daily cap until local midnight in Berlin, and counts afresh the next day', () => {
    const { pacer, setNow } = pacerAt('2026-05-04T08:00:00Z', []);
    let state = INITIAL_PACER_STATE;
    for (const at of ['2026-05-04T08:00:00Z', '2026-05-04T09:00:00Z', '2026-05-04T21:00:00Z']) {
      state = pacer.afterPost(state, new Date(at));
    }
    expect(state.postsToday).toBe(3);
    setNow('2026-05-04T21:30:00Z'); // 23:30 in Berlin (CEST)
    expect(pacer.decide(state)).toEqual({ kind: 'wait', until: new Date('2026-05-04T22:00:00Z'), reason: 'daily-cap' });
    setNow('2026-05-04T22:00:00Z'); // 00:00 local: a new day
    expect(pacer.decide(state)).toEqual({ kind: 'post-now' });
    expect(pacer.afterPost(state).postsToday).toBe(1);
  });

  it('names the bad policy fields', () => {
    expect(() => validatePacingPolicy({ minGapMs: -1, jitterMs: 0, dailyCap: 0, timeZone: 'Mars/Olympus' })).toThrow(
      'Invalid WhatsApp pacing policy: minGapMs: must be a number >= 0; dailyCap: must be an integer >= 1; timeZone: unknown time zone "Mars/Olympus"',
    );
  });
});
