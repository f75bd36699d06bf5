import type { TestApp } from '../support/test-app.js';
import { TEST_BOOTSTRAP_TOKEN } from '../support/test-config.js';

/** A valid `POST /api/newsletters` body; tests override what they care about. */
export function newsletterBody(slug: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    slug,
    name: slug,
    tags: [],
    senderName: 'Testblatt',
    senderAddress: 'news@news.example.de',
    footer: { imprint: 'Testblatt GmbH, Teststr. 1, 12345 Teststadt', responsibleEditor: 'Erika Test' },
    ...overrides,
  };
}

/** Creates a newsletter over the admin API; returns its id. */
export async function createNewsletterViaApi(app: TestApp, slug: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await app.request('/api/newsletters', { method: 'POST', token: TEST_BOOTSTRAP_TOKEN, json: newsletterBody(slug, overrides) });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`creating newsletter ${slug}: HTTP ${response.status}: ${text}`);
  return (JSON.parse(text) as { id: string }).id;
}

/** The two newsletters the subscriber tests choose from. */
export async function createMorningAndEvening(app: TestApp): Promise<void> {
  await createNewsletterViaApi(app, 'morgen', { name: 'Morgenpost', description: 'Jeden Morgen um 7' });
  await createNewsletterViaApi(app, 'abend', { name: 'Abendausgabe' });
}
