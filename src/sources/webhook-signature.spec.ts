import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.js';

const secret = 'geheim';
const body = Buffer.from('{"url":"https://blog.example.de/a","title":"Grüße"}');
const now = new Date('2026-11-24T12:00:00Z');
const ts = Math.floor(now.getTime() / 1000);

describe('webhook signature', () => {
  it('follows the documented scheme: HMAC-SHA256 over "<timestamp>.<raw body>"', () => {
    const expected = createHmac('sha256', secret).update(`${ts}.${body.toString()}`).digest('hex');
    expect(signWebhook(secret, ts, body)).toBe(`sha256=${expected}`);
  });

  it('accepts a valid signature within the window', () => {
    const signature = signWebhook(secret, ts - 299, body);
    expect(verifyWebhookSignature({ secret, signature, timestamp: String(ts - 299), rawBody: body, now })).toEqual({ ok: true });
  });

  it.each([
    ['a changed body', signWebhook(secret, ts, body), String(ts), Buffer.concat([body, Buffer.from(' ')]), 'signature does not match'],
    ['another secret', signWebhook('anders', ts, body), String(ts), body, 'signature does not match'],
    ['a replay older than 5 min', signWebhook(secret, ts - 301, body), String(ts - 301), body, 'timestamp more than 300 s away from server time'],
    ['a timestamp from the future', signWebhook(secret, ts + 301, body), String(ts + 301), body, 'timestamp more than 300 s away from server time'],
    ['no signature', undefined, String(ts), body, 'missing or malformed x-postbote-signature header'],
    ['a truncated signature', signWebhook(secret, ts, body).slice(0, 40), String(ts), body, 'missing or malformed x-postbote-signature header'],
    ['no timestamp', signWebhook(secret, ts, body), undefined, body, 'missing or invalid x-postbote-timestamp header'],
    ['a millisecond timestamp', signWebhook(secret, ts, body), String(ts * 1000), body, 'missing or invalid x-postbote-timestamp header'],
  ])('refuses %s', (_case, signature, timestamp, rawBody, reason) => {
    expect(verifyWebhookSignature({ secret, signature, timestamp, rawBody, now })).toEqual({ ok: false, reason });
  });
});
