/** A sample of an issue's sent counter. */
interface Sample {
  at: number;
  sent: number;
}

const WINDOW_MS = 60_000;
const MIN_SPAN_MS = 5_000;
const KEEP_MS = 3 * WINDOW_MS;

export interface SendRate {
  perSecond: number;
  /** `minute`: measured over the last minute of samples; `average`: since the send started. */
  basis: 'minute' | 'average';
}

/**
 * Messages per second of a running send, from the sent counter as the dashboard reads it every
 * few seconds: the counters have no time dimension, and counting the ledger by sent_at would
 * scan the issue's rows. Samples live in this process only; until it has a few seconds of them
 * (after a start, or on another instance) the rate is the average since the send started.
 */
export class SendRateTracker {
  private readonly samples = new Map<string, Sample[]>();

  observe(issueId: string, sent: number, now: number, startedAt: Date | null): SendRate | null {
    const kept = (this.samples.get(issueId) ?? []).filter((s) => now - s.at <= KEEP_MS && s.sent <= sent);
    kept.push({ at: now, sent });
    this.samples.set(issueId, kept);
    const base = kept.find((s) => now - s.at <= WINDOW_MS + MIN_SPAN_MS);
    if (base && now - base.at >= MIN_SPAN_MS) return { perSecond: ((sent - base.sent) * 1000) / (now - base.at), basis: 'minute' };
    if (!startedAt || now - startedAt.getTime() < 1000) return null;
    return { perSecond: (sent * 1000) / (now - startedAt.getTime()), basis: 'average' };
  }

  /** Drops issues that are no longer sending. */
  retain(issueIds: ReadonlySet<string>): void {
    for (const id of this.samples.keys()) if (!issueIds.has(id)) this.samples.delete(id);
  }
}
