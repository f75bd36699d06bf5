import { sql } from 'drizzle-orm';
import { DB } from '#src/db/db.module.js';
import type { Db } from '#src/db/database.js';
import { createNewsletterViaApi, newsletterBody } from '../factories/newsletter.factory.js';
import { TEST_BOOTSTRAP_TOKEN } from '../support/test-config.js';
import { useTestApp } from '../support/use-test-app.js';
import { ingestArticleByWebhook } from '../support/webhook-article.js';

const token = TEST_BOOTSTRAP_TOKEN;

/** Hostile or broken input gets a 400 that names the field, never a 500, and nothing is stored. */
describe('hostile input on the API', () => {
  const harness = useTestApp();
  const app = () => harness.app;
  const messageOf = async (response: Response): Promise<string> => JSON.stringify(((await response.json()) as { message: unknown }).message);
  const newsletterSlugs = async (): Promise<string[]> =>
    ((await (await app().request('/api/newsletters', { token })).json()) as { slug: string }[]).map((n) => n.slug);
  const postRaw = (path: string, body: string, contentType = 'application/json') =>
    app().request(path, { method: 'POST', token, headers: { 'content-type': contentType }, body });

  describe('deeply nested JSON', () => {
    const arrays = '['.repeat(5000) + ']'.repeat(5000);
    const objects = '{"a":'.repeat(2000) + '1' + '}'.repeat(2000);

    it.each([
      ['/api/newsletters', arrays],
      ['/api/newsletters', objects],
      ['/api/sources', objects],
      ['/api/subscribers/suppressions', `{"email":${arrays}}`],
      ['/subscribe', objects],
    ])('POST %s answers 400 naming the body', async (path, body) => {
      const response = await postRaw(path, body);
      expect(response.status).toBe(400);
      expect(await messageOf(response)).toContain('nested deeper than');
    });

    it('accepts ordinary nesting', async () => {
      const response = await app().request('/api/newsletters', { method: 'POST', token, json: newsletterBody('nest-ok') });
      expect(response.status).toBe(201);
    });
  });

  describe('ill-formed Unicode (lone surrogates)', () => {
    it.each([
      ['/api/subscribers/suppressions', { email: 'x\ud800y\udfffz@example.de' }, 'email'],
      ['/api/newsletters', newsletterBody('lone-a', { senderAddress: 'a\ud800@example.de' }), 'senderAddress'],
      ['/api/newsletters', newsletterBody('lone-b', { replyTo: 'r\udfff@example.de' }), 'replyTo'],
      ['/api/newsletters', newsletterBody('lone-c', { footer: { imprint: 'Im\ud800pressum', responsibleEditor: 'E' } }), 'footer.imprint'],
    ])('POST %s refuses it with 400 naming %#', async (path, body, field) => {
      const response = await app().request(path, { method: 'POST', token, json: body });
      expect(response.status).toBe(400);
      expect(await messageOf(response)).toContain(`${field}: must be well-formed Unicode`);
    });

    it('accepts characters outside the BMP written as surrogate pairs', async () => {
      const response = await app().request('/api/newsletters', { method: 'POST', token, json: newsletterBody('emoji', { name: 'Neu 📰' }) });
      expect(response.status).toBe(201);
    });
  });

  describe('__proto__ and constructor keys', () => {
    it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s like any unknown key', async (key) => {
      const body = JSON.stringify(newsletterBody(`proto-${key.replaceAll('_', '')}`)).replace(/^\{/, `{"${key}":{"x":1},`);
      const response = await postRaw('/api/newsletters', body);
      expect(response.status).toBe(400);
      expect(await messageOf(response)).toContain(`property ${key} should not exist`);
    });

    it('refuses them nested too', async () => {
      const body = JSON.stringify(newsletterBody('proto-nested')).replace('"footer":{', '"footer":{"__proto__":{"admin":true},');
      const response = await postRaw('/api/newsletters', body);
      expect(response.status).toBe(400);
      expect(await messageOf(response)).toContain('footer.__proto__');
      expect(await newsletterSlugs()).not.toContain('proto-nested');
    });
  });

  describe('control characters in newsletter text', () => {
    it.each([
      ['senderName', { senderName: 'Test\r\nBcc: x@evil.example' }],
      ['subjectTemplate', { subjectTemplate: '{{newsletter}}\u2028neu' }],
      ['footer.responsibleEditor', { footer: { imprint: 'Impressum', responsibleEditor: 'Erika\u0085Test' } }],
      ['footer.imprint', { footer: { imprint: 'Im\rpressum', responsibleEditor: 'Erika' } }],
      ['name', { name: 'Name\u0007' }],
    ])('refuses %s on create and update, storing nothing', async (field, overrides) => {
      const slug = `ctl-${field.replaceAll('.', '-').toLowerCase()}`;
      const created = await app().request('/api/newsletters', { method: 'POST', token, json: newsletterBody(slug, overrides) });
      expect(created.status).toBe(400);
      expect(await messageOf(created)).toContain(`${field} must not contain control characters`);
      expect(await newsletterSlugs()).not.toContain(slug);
      const id = await createNewsletterViaApi(app(), `${slug}-ok`);
      const updated = await app().request(`/api/newsletters/${id}`, { method: 'PATCH', token, json: overrides });
      expect(updated.status).toBe(400);
    });

    it('keeps line breaks in the imprint (a postal address spans lines)', async () => {
      const response = await app().request('/api/newsletters', {
        method: 'POST',
        token,
        json: newsletterBody('imprint-lines', { footer: { imprint: 'Testblatt GmbH\nTeststr. 1\n12345 Teststadt', responsibleEditor: 'Erika' } }),
      });
      expect(response.status).toBe(201);
    });
  });

  describe('multipart without a boundary', () => {
    it('POST /api/subscribers/import answers 400', async () => {
      const response = await postRaw('/api/subscribers/import', 'mode=consent-documented', 'multipart/form-data');
      expect(response.status).toBe(400);
      expect(await messageOf(response)).toContain('boundary');
    });
  });

  describe('the legal footer', () => {
    it('is required at create: 400 naming footer.imprint, nothing stored', async () => {
      const { footer: _footer, ...withoutFooter } = newsletterBody('no-footer');
      for (const body of [withoutFooter, { ...withoutFooter, footer: {} }, { ...withoutFooter, footer: null }]) {
        const response = await app().request('/api/newsletters', { method: 'POST', token, json: body });
        expect(response.status).toBe(400);
        expect(await messageOf(response)).toContain('footer.imprint');
      }
      expect(await newsletterSlugs()).not.toContain('no-footer');
    });

    it('cannot be removed or emptied by an update', async () => {
      const id = await createNewsletterViaApi(app(), 'keep-footer');
      for (const footer of [null, {}, { imprint: '', responsibleEditor: 'E' }]) {
        const response = await app().request(`/api/newsletters/${id}`, { method: 'PATCH', token, json: { footer } });
        expect(response.status).toBe(400);
        expect(await messageOf(response)).toContain('footer.imprint');
      }
      const stored = (await (await app().request(`/api/newsletters/${id}`, { token })).json()) as { footer: { imprint: string } };
      expect(stored.footer.imprint).toContain('Testblatt GmbH');
    });

    it('missing from a newsletter stored earlier: preview, test-send and send-now answer 422 naming the newsletter and field', async () => {
      const id = await createNewsletterViaApi(app(), 'old-footer');
      await app().app.get<symbol, Db>(DB).execute(sql`UPDATE newsletters SET footer = '{}'::jsonb WHERE id = ${id}`);
      await ingestArticleByWebhook(app(), 'https://blog.example.de/footer-test/');
      for (const [method, path, json] of [
        ['GET', 'preview', undefined],
        ['POST', 'test-send', { to: ['editor@news.example.de'] }],
        ['POST', 'send-now', undefined],
      ] as const) {
        const response = await app().request(`/api/newsletters/${id}/${path}`, { method, token, json });
        const body = (await response.json()) as { message: string[]; field: string };
        expect({ path, status: response.status }).toEqual({ path, status: 422 });
        expect(body.field).toBe('footer.imprint');
        expect(body.message[0]).toContain('newsletter "old-footer" cannot be rendered: footer.imprint');
      }
    });
  });
});
