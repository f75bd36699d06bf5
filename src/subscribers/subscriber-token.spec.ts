import { SubscriberTokenError, SubscriberTokenService, type TokenErrorReason } from './subscriber-token.js';

const SECRET = 'test-secret-0123456789-abcdefghijklmnop';

function serviceAt(clock: { now: Date }, secret = SECRET): SubscriberTokenService {
  return new SubscriberTokenService({ secret, now: () => clock.now });
}

function reasonOf(action: () => unknown): TokenErrorReason | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof SubscriberTokenError) return error.reason;
    throw error;
  }
  return undefined;
}

function flipChar(text: string, index: number): string {
  const replacement = text[index] === 'A' ? 'B' : 'A';
  return `${text.slice(0, index)}${replacement}${text.slice(index + 1)}`;
}

describe('SubscriberTokenService', () => {
  const clock = { now: new Date('2025-03-01T10:00:00Z') };
  const tokens = serviceAt(clock);

  beforeEach(() => {
    clock.now = new Date('2025-03-01T10:00:00Z');
  });

  it('round-trips a confirm token with its version and a 72 h expiry', () => {
    const token = tokens.issue({ subscriberId: 'sub-1', purpose: 'confirm', tokenVersion: 3 });
    expect(token).toMatch(/^s1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/u);
    expect(tokens.verify(token, 'confirm')).toEqual({
      subscriberId: 'sub-1',
      purpose: 'confirm',
      tokenVersion: 3,
      expiresAt: new Date('2025-03-04T10:00:00Z'),
    });
  });

  it('expires a confirm token after 72 hours', () => {
    const token = tokens.issue({ subscriberId: 'sub-1', purpose: 'confirm', tokenVersion: 0 });
    clock.now = new Date('2025-03-04T09:59:59Z');
    expect(reasonOf(() => tokens.verify(token, 'confirm'))).toBeUndefined();
    clock.now = new Date('2025-03-04T10:00:00Z');
    expect(reasonOf(() => tokens.verify(token, 'confirm'))).toBe('expired');
  });

  it('never expires an unsubscribe token and expires preferences after a year', () => {
    const unsubscribe = tokens.issue({ subscriberId: 'sub-1', purpose: 'unsubscribe' });
    const preferences = tokens.issue({ subscriberId: 'sub-1', purpose: 'preferences' });
    clock.now = new Date('2035-01-01T00:00:00Z');
    expect(tokens.verify(unsubscribe, 'unsubscribe')).toEqual({
      subscriberId: 'sub-1',
      purpose: 'unsubscribe',
      expiresAt: null,
    });
    expect(reasonOf(() => tokens.verify(preferences, 'preferences'))).toBe('expired');
  });

  it('rejects a token used for another purpose', () => {
    const token = tokens.issue({ subscriberId: 'sub-1', purpose: 'preferences' });
    expect(reasonOf(() => tokens.verify(token, 'unsubscribe'))).toBe('wrong-purpose');
    expect(reasonOf(() => tokens.verify(token, 'confirm'))).toBe('wrong-purpose');
  });

  it('cannot be re-pointed at another subscriber', () => {
    const token = tokens.issue({ subscriberId: 'sub-1', purpose: 'unsubscribe' });
    const [scheme, , signature] = token.split('.');
    const otherBody = Buffer.from(JSON.stringify({ s: 'sub-2', p: 'u' })).toString('base64url');
    expect(reasonOf(() => tokens.verify(`${scheme}.${otherBody}.${signature}`, 'unsubscribe'))).toBe(
      'bad-signature',
    );
  });

  it('rejects every single-character alteration of the signature and the body', () => {
    const token = tokens.issue({ subscriberId: 'sub-1', purpose: 'confirm', tokenVersion: 1 });
    for (let index = 3; index < token.length; index += 1) {
      if (token[index] === '.') continue;
      expect(reasonOf(() => tokens.verify(flipChar(token, index), 'confirm'))).toBe('bad-signature');
    }
  });

  it('rejects a token signed with another secret', () => {
    const foreign = serviceAt(clock, `${SECRET}-other`).issue({ subscriberId: 'sub-1', purpose: 'unsubscribe' });
    expect(reasonOf(() => tokens.verify(foreign, 'unsubscribe'))).toBe('bad-signature');
  });

  it.each([
    ['', 'malformed'],
    ['garbage', 'malformed'],
    ['s1..abc', 'malformed'],
    ['s1.a.b.c', 'malformed'],
    ['s2.abc.def', 'unsupported-version'],
  ])('classifies %j as %s', (token, reason) => {
    expect(reasonOf(() => tokens.verify(token, 'unsubscribe'))).toBe(reason);
  });

  it('refuses a short secret', () => {
    expect(() => new SubscriberTokenService({ secret: 'short' })).toThrow('token secret: must be at least 32');
  });
});
