import {
  DEFAULT_SUBSCRIBE_LIMITS,
  decideConfirmationMail,
  decideLimit,
  decideSubscribe,
  type SubscribeLimits,
} from './rate-limit.policy.js';

const NOW = new Date('2025-03-01T12:00:00Z');
const ago = (seconds: number): Date => new Date(NOW.getTime() - seconds * 1000);

const LIMITS: SubscribeLimits = {
  perIp: { limit: 10, windowSeconds: 600 },
  perAddress: { limit: 3, windowSeconds: 3600 },
  confirmationMailsPerAddress: { limit: 3, windowSeconds: 86_400 },
};

describe('decideLimit', () => {
  const rule = { limit: 3, windowSeconds: 60 };

  it('allows below the limit and with no usage', () => {
    expect(decideLimit(rule, null, NOW)).toEqual({ allowed: true });
    expect(decideLimit(rule, { count: 2, since: ago(10) }, NOW)).toEqual({ allowed: true });
  });

  it('blocks at the limit until the window ends, with Retry-After in whole seconds', () => {
    expect(decideLimit(rule, { count: 3, since: ago(10) }, NOW)).toEqual({ allowed: false, retryAfterSeconds: 50 });
    expect(decideLimit(rule, { count: 3, since: new Date(ago(10).getTime() - 500) }, NOW)).toEqual({
      allowed: false,
      retryAfterSeconds: 50,
    });
    expect(decideLimit(rule, { count: 9, since: new Date(ago(60).getTime() + 1) }, NOW)).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    });
  });

  it('allows again once the window has passed', () => {
    expect(decideLimit(rule, { count: 99, since: ago(60) }, NOW)).toEqual({ allowed: true });
  });
});

describe('decideSubscribe', () => {
  it('names the limit that blocks', () => {
    expect(decideSubscribe(LIMITS, { ip: { count: 10, since: ago(100) }, address: null }, NOW)).toEqual({
      allowed: false,
      limitedBy: 'ip',
      retryAfterSeconds: 500,
    });
    expect(decideSubscribe(LIMITS, { ip: { count: 1, since: ago(100) }, address: { count: 3, since: ago(600) } }, NOW)).toEqual({
      allowed: false,
      limitedBy: 'address',
      retryAfterSeconds: 3000,
    });
  });

  it('waits for the later of two blocking limits', () => {
    const usage = { ip: { count: 10, since: ago(100) }, address: { count: 3, since: ago(600) } };
    expect(decideSubscribe(LIMITS, usage, NOW)).toEqual({ allowed: false, limitedBy: 'address', retryAfterSeconds: 3000 });
  });

  it('allows a first attempt with the defaults', () => {
    expect(decideSubscribe(DEFAULT_SUBSCRIBE_LIMITS, { ip: null, address: null }, NOW)).toEqual({ allowed: true });
  });
});

describe('decideConfirmationMail', () => {
  it('stops the fourth confirmation mail of a day', () => {
    expect(decideConfirmationMail(LIMITS, { count: 2, since: ago(3600) }, NOW)).toEqual({ allowed: true });
    expect(decideConfirmationMail(LIMITS, { count: 3, since: ago(3600) }, NOW)).toEqual({
      allowed: false,
      retryAfterSeconds: 82_800,
    });
  });
});
