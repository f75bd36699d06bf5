/**
 * Rate limits as pure decisions over counts the database provides: the counters live in
 * Postgres so that limits hold across instances, and this file only says "allowed or not, and
 * for how long not".
 */

export interface LimitRule {
  readonly limit: number;
  readonly windowSeconds: number;
}

/**
 * Usage within the current window: `count` events since `since`. For a fixed-window counter row
 * `since` is the window start; for a rolling window it is the oldest event still inside it. Either
 * way the window frees up at `since + windowSeconds`.
 */
export interface WindowUsage {
  readonly count: number;
  readonly since: Date;
}

export type LimitDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

export interface SubscribeLimits {
  readonly perIp: LimitRule;
  readonly perAddress: LimitRule;
  /** Protects strangers from "subscription bombing" with confirmation mails. */
  readonly confirmationMailsPerAddress: LimitRule;
}

/**
 * Defaults: an office or mobile carrier NAT puts many readers behind one IP, so the IP limit is
 * loose; one address needs few attempts; three confirmation mails a day is enough for a typo
 * and a retry.
 */
export const DEFAULT_SUBSCRIBE_LIMITS: SubscribeLimits = {
  perIp: { limit: 20, windowSeconds: 3600 },
  perAddress: { limit: 5, windowSeconds: 3600 },
  confirmationMailsPerAddress: { limit: 3, windowSeconds: 24 * 3600 },
};

/** `usage` excludes the attempt being decided; `null` means no events in the window yet. */
export function decideLimit(rule: LimitRule, usage: WindowUsage | null, now: Date): LimitDecision {
  if (usage === null) return { allowed: true };
  const resetsAt = usage.since.getTime() + rule.windowSeconds * 1000;
  if (now.getTime() >= resetsAt) return { allowed: true };
  if (usage.count < rule.limit) return { allowed: true };
  // Retry-After is whole seconds; never 0, which clients read as "retry now".
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((resetsAt - now.getTime()) / 1000)) };
}

export interface SubscribeUsage {
  readonly ip: WindowUsage | null;
  readonly address: WindowUsage | null;
}

export type SubscribeDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly limitedBy: 'ip' | 'address'; readonly retryAfterSeconds: number };

/** `POST /subscribe`: 429 with Retry-After when either limit is reached. */
export function decideSubscribe(limits: SubscribeLimits, usage: SubscribeUsage, now: Date): SubscribeDecision {
  const byIp = decideLimit(limits.perIp, usage.ip, now);
  const byAddress = decideLimit(limits.perAddress, usage.address, now);
  if (!byIp.allowed && !byAddress.allowed) {
    // Both block: the client must wait for the later of the two.
    const longer = byIp.retryAfterSeconds >= byAddress.retryAfterSeconds ? 'ip' : 'address';
    const retryAfterSeconds = Math.max(byIp.retryAfterSeconds, byAddress.retryAfterSeconds);
    return { allowed: false, limitedBy: longer, retryAfterSeconds };
  }
  if (!byIp.allowed) return { allowed: false, limitedBy: 'ip', retryAfterSeconds: byIp.retryAfterSeconds };
  if (!byAddress.allowed) return { allowed: false, limitedBy: 'address', retryAfterSeconds: byAddress.retryAfterSeconds };
  return { allowed: true };
}

/**
 * Whether to send another confirmation mail. When not, the HTTP answer is still the usual
 * "check your inbox" page: a different answer would reveal that the address is known.
 */
export function decideConfirmationMail(limits: SubscribeLimits, sentInWindow: WindowUsage | null, now: Date): LimitDecision {
  return decideLimit(limits.confirmationMailsPerAddress, sentInWindow, now);
}
