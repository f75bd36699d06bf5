import { expect } from '@jest/globals';
import { signWebhook } from '#src/sources/webhook-signature.js';
import { TEST_BOOTSTRAP_TOKEN } from './test-config.js';
import type { TestApp } from './test-app.js';

/** One article tagged "huawei" through a new, signed webhook source, so newsletters have something to render. */
export async function ingestArticleByWebhook(app: TestApp, url: string): Promise<void> {
  const created = await app.request('/api/sources', { method: 'POST', token: TEST_BOOTSTRAP_TOKEN, json: { name: 'Push', kind: 'webhook', enabled: false } });
  const source = (await created.json()) as { id: string; webhookSecret: string };
  const raw = JSON.stringify({ url, title: 'Titel', tags: ['huawei'], publishedAt: new Date().toISOString() });
  const ts = Math.floor(Date.now() / 1000);
  const response = await app.request(`/hooks/sources/${source.id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-postbote-timestamp': String(ts), 'x-postbote-signature': signWebhook(source.webhookSecret, ts, raw) },
    body: raw,
  });
  expect(response.status).toBeLessThan(300);
}
