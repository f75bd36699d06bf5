import { Cron } from 'croner';

/**
 * WhatsApp publishes no limits for channel posts; bursts from a linked device are what gets
 * accounts flagged. One queue, a minimum gap with random jitter (so posts do not land on a
 * machine-regular beat) and a daily cap keep the account looking like a human editor.
 */
export interface PacingPolicy {
  minGapMs: number;
  /** Up to this much is added to each gap, drawn anew after every post. */
  jitterMs: number;
  dailyCap: number;
  /** The zone whose calendar day the cap counts in. */
  timeZone: string;
}

export const DEFAULT_PACING_POLICY: PacingPolicy = {
  minGapMs: 3 * 60_000,
  jitterMs: 2 * 60_000,
  dailyCap: 30,
  timeZone: 'Europe/Berlin',
};

/** What the caller persists between posts (the lead backs it with the posting ledger). */
export interface PacerState {
  /** Earliest time of the next post (last post + gap + jitter); null before the first post. */
  nextAllowedAt: Date | null;
  /** Local calendar day (`YYYY-MM-DD` in the policy's zone) that `postsToday` counts. */
  day: string | null;
  postsToday: number;
}

export type PacerDecision =
  | { kind: 'post-now' }
  | { kind: 'wait'; until: Date; reason: 'gap' | 'daily-cap' };

export const INITIAL_PACER_STATE: PacerState = { nextAllowedAt: null, day: null, postsToday: 0 };

export function validatePacingPolicy(policy: PacingPolicy): PacingPolicy {
  const problems: string[] = [];
  if (!Number.isFinite(policy.minGapMs) || policy.minGapMs < 0) problems.push('minGapMs: must be a number >= 0');
  if (!Number.isFinite(policy.jitterMs) || policy.jitterMs < 0) problems.push('jitterMs: must be a number >= 0');
  if (!Number.isInteger(policy.dailyCap) || policy.dailyCap < 1) problems.push('dailyCap: must be an integer >= 1');
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: policy.timeZone });
  } catch {
    problems.push(`timeZone: unknown time zone "${policy.timeZone}"`);
  }
  if (problems.length > 0) throw new Error(`Invalid WhatsApp pacing policy: ${problems.join('; ')}`);
  return policy;
}

export class PostingPacer {
  private readonly dayFormat: Intl.DateTimeFormat;
  private readonly midnight: Cron;

  constructor(
    private readonly policy: PacingPolicy,
    private readonly clock: () => Date = () => new Date(),
    private readonly random: () => number = Math.random,
  ) {
    validatePacingPolicy(policy);
    this.dayFormat = new Intl.DateTimeFormat('en-CA', {
      timeZone: policy.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    this.midnight = new Cron('0 0 * * *', { timezone: policy.timeZone, mode: '5-part' });
  }

  /** The local calendar day of `date` in the policy's zone. */
  dayOf(date: Date): string {
    return this.dayFormat.format(date);
  }

  /** Whether a post may go out now, or when the next one may. */
  decide(state: PacerState): PacerDecision {
    const now = this.clock();
    const postsToday = state.day === this.dayOf(now) ? state.postsToday : 0;
    if (postsToday >= this.policy.dailyCap) {
      const until = this.midnight.nextRun(now);
      if (!until) throw new Error(`No next midnight in ${this.policy.timeZone}`);
      // The gap still applies to the first post of the new day.
      const gapEnd = state.nextAllowedAt;
      return { kind: 'wait', until: gapEnd && gapEnd > until ? gapEnd : until, reason: 'daily-cap' };
    }
    if (state.nextAllowedAt && state.nextAllowedAt.getTime() > now.getTime()) {
      return { kind: 'wait', until: state.nextAllowedAt, reason: 'gap' };
    }
    return { kind: 'post-now' };
  }

  /** The state after a post at `postedAt`, with a freshly drawn jitter for the next gap. */
  afterPost(state: PacerState, postedAt: Date = this.clock()): PacerState {
    const day = this.dayOf(postedAt);
    const postsToday = (state.day === day ? state.postsToday : 0) + 1;
    const jitter = Math.floor(this.random() * this.policy.jitterMs);
    return { nextAllowedAt: new Date(postedAt.getTime() + this.policy.minGapMs + jitter), day, postsToday };
  }
}
