import { setTimeout as sleep } from 'node:timers/promises';
import { headerLine } from '../../support/smtp-sink.js';
import type { TestApp } from '../../support/test-app.js';
import { TEST_BOOTSTRAP_TOKEN } from '../../support/test-config.js';

export const ADMIN = TEST_BOOTSTRAP_TOKEN;

export const NEWSLETTER_BODY = {
  name: 'Huawei-News',
  tags: ['huawei'],
  senderName: 'Huawei-News',
  senderAddress: 'news@news.example.de',
  replyTo: 'redaktion@news.example.de',
  footer: {
    imprint: 'Beispiel Verlag GmbH, Musterstraße 1, 10115 Berlin',
    responsibleEditor: 'Erika Mustermann',
    affiliateDisclosure: '*provisionierte Affiliate-Links',
  },
};

export async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`expected HTTP ${status}, got ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function createNewsletter(app: TestApp, slug: string, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await json<{ id: string }>(await app.request('/api/newsletters', { method: 'POST', token: ADMIN, json: { ...NEWSLETTER_BODY, slug, ...extra } }), 201);
  return created.id;
}

/**
 * The fixture articles were published before the test's newsletter was created, so only a
 * welcome issue carries them (an ordinary issue carries only newer articles).
 */
export async function buildIssue(app: TestApp, newsletterId: string): Promise<string> {
  const response = await app.request(`/api/newsletters/${newsletterId}/issues`, { method: 'POST', token: ADMIN, json: { welcome: true } });
  return (await json<{ id: string }>(response, 201)).id;
}

export interface IssueView {
  status: string;
  subject: string;
  stats: { recipients: number | null; queued: number; sent: number; failed: number; rejected: number; policyRejected: number; skipped: number; bounced: number; unsubscribedSince: number };
}

export async function getIssue(app: TestApp, issueId: string): Promise<IssueView> {
  return json<IssueView>(await app.request(`/api/issues/${issueId}`, { token: ADMIN }), 200);
}

/** Polls until the condition holds; the test's own timeout bounds it (no timing assertion). */
export async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; ; i++) {
    const value = await probe();
    if (done(value)) return value;
    if (i > 0 && i % 100 === 0) process.stderr.write(`still waiting for ${what}: ${JSON.stringify(value)}\n`);
    await sleep(100);
  }
}

export function waitForStatus(app: TestApp, issueId: string, status: string): Promise<IssueView> {
  return waitFor(() => getIssue(app, issueId), (i) => i.status === status, `issue ${issueId} to be ${status}`);
}

/** Mails link to PUBLIC_URL (https://postbote.test); the test app listens elsewhere. */
export function localPath(url: string): string {
  const { pathname, search } = new URL(url);
  return `${pathname}${search}`;
}

/** The https URL of a received mail's List-Unsubscribe header ('' when there is none). */
export function listUnsubscribeUrl(headerLines: ReadonlyArray<{ key: string; line: string }>): string {
  return /<(https:\/\/[^>]+)>/.exec(headerLine(headerLines, 'List-Unsubscribe') ?? '')?.[1] ?? '';
}

/** What Gmail does with List-Unsubscribe-Post: POST the https URL with exactly this form body, no cookies, no CSRF token. */
export function oneClickUnsubscribe(app: TestApp, httpsUrl: string): Promise<Response> {
  return app.request(localPath(httpsUrl), { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}
