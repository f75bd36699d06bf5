import { UsersService } from '#src/users/users.service.js';
import { ConsoleClient, setupLinkFromLogs } from '../support/console-client.js';
import { useTestApp } from '../support/use-test-app.js';

const ADMIN = { name: 'Erika Admin', email: 'erika@redaktion.test', password: 'ein langes Passwort' };
const bootstrapActor = { tokenId: null, name: 'test', role: 'admin' as const };

describe('console accounts and sessions', () => {
  const ctx = useTestApp();

  it('serves the subscribe page at / and links staff to the console', async () => {
    const response = await ctx.app.request('/');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('action="/subscribe"');
    expect(html).toContain('href="/admin"');
  });

  it('sends a visitor without a session to the login page', async () => {
    const client = new ConsoleClient(ctx.app);
    const page = await client.get('/admin');
    expect(page.status).toBe(303);
    expect(page.location).toBe('/admin/login?next=%2Fadmin');
    const fragment = await client.get('/admin', { 'hx-request': 'true' });
    expect(fragment.status).toBe(401);
    expect(fragment.response.headers.get('hx-redirect')).toBe('/admin/login');
  });

  it('creates the first admin through the logged one-time link, which then stops working', async () => {
    const link = setupLinkFromLogs(ctx.app.logs);
    const client = new ConsoleClient(ctx.app);
    const form = await client.get(link);
    expect(form.status).toBe(200);
    expect(form.html).toContain('Erstes Administratorkonto anlegen');
    const mismatch = await client.post(link, { name: ADMIN.name, email: ADMIN.email, password: ADMIN.password, confirm: 'etwas anderes!!' });
    expect(mismatch.status).toBe(400);
    expect(mismatch.html).toContain('die beiden Eingaben stimmen nicht überein');
    const created = await client.post(link, { name: ADMIN.name, email: ADMIN.email, password: ADMIN.password, confirm: ADMIN.password });
    expect(created.status).toBe(303);
    expect(created.location).toBe('/admin/login?notice=passwordSet');
    expect((await client.get(link)).status).toBe(404);
    expect((await client.post(link, { name: 'Mallory', email: 'm@evil.test', password: 'x'.repeat(12), confirm: 'x'.repeat(12) })).status).toBe(404);
    expect(await ctx.app.app.get(UsersService).list()).toEqual([expect.objectContaining({ email: ADMIN.email, role: 'admin' })]);
  });

  it('logs in, shows the dashboard, and logs out', async () => {
    const client = new ConsoleClient(ctx.app);
    expect(await client.login(ADMIN.email.toUpperCase(), ADMIN.password)).toBe(303);
    const session = client.cookie('pb_session');
    expect(session).toBeDefined();
    const dashboard = await client.get('/admin');
    expect(dashboard.status).toBe(200);
    expect(dashboard.html).toContain('<html lang="de">');
    expect(dashboard.html).toContain('aria-current="page">Heute</a>');
    expect(dashboard.response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const out = await client.post('/admin/logout');
    expect(out.location).toBe('/admin/login?notice=loggedOut');
    const after = await fetch(`${ctx.app.baseUrl}/admin`, { redirect: 'manual', headers: { cookie: `pb_session=${session ?? ''}` } });
    expect(after.status).toBe(303);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, scoped to /admin', async () => {
    const client = new ConsoleClient(ctx.app);
    await client.get('/admin/login');
    const response = await client.post('/admin/login', { email: ADMIN.email, password: ADMIN.password });
    const cookie = response.response.headers.getSetCookie().find((c) => c.startsWith('pb_session='));
    expect(cookie).toMatch(/HttpOnly/u);
    expect(cookie).toMatch(/SameSite=Lax/u);
    expect(cookie).toMatch(/Path=\/admin/u);
    expect(cookie).not.toMatch(/Secure/u);
  });

  it('answers an unknown email exactly like a wrong password, and records both', async () => {
    const client = new ConsoleClient(ctx.app);
    await client.get('/admin/login');
    const unknown = await client.post('/admin/login', { email: 'niemand@redaktion.test', password: 'irgendwas' });
    const wrong = await client.post('/admin/login', { email: ADMIN.email, password: 'falsches Passwort' });
    expect([unknown.status, wrong.status]).toEqual([401, 401]);
    const message = (html: string) => /<p class="errors" role="alert">([^<]+)<\/p>/u.exec(html)?.[1];
    expect(message(unknown.html)).toBe('E-Mail-Adresse oder Passwort ist falsch.');
    expect(message(wrong.html)).toBe(message(unknown.html));
    const audit = await ctx.app.request('/api/audit?action=login.failed', { token: ctx.config.bootstrapAdminToken });
    const entries = ((await audit.json()) as { items: { actorName: string; details: { reason: string } }[] }).items;
    expect(entries.map((e) => e.details.reason).sort()).toEqual(['unknown-email', 'wrong-password']);
    expect(JSON.stringify(entries)).not.toContain('falsches Passwort');
  });

  it('refuses a state-changing request without the CSRF token, and one with a foreign token', async () => {
    const client = new ConsoleClient(ctx.app);
    await client.login(ADMIN.email, ADMIN.password);
    const missing = await client.post('/admin/account/logout-others', { _csrf: '' });
    expect(missing.status).toBe(403);
    expect(missing.html).toContain('Formular abgelaufen');
    const other = new ConsoleClient(ctx.app);
    await other.login(ADMIN.email, ADMIN.password);
    expect((await client.post('/admin/account/logout-others', { _csrf: other.csrfToken })).status).toBe(403);
    expect((await client.post('/admin/account/logout-others', { _csrf: '' }, { 'x-csrf-token': client.csrfToken })).status).toBe(303);
    // The other session was logged out by the request that carried the right token.
    expect((await other.get('/admin')).status).toBe(303);
  });

  it('keeps editors out of admin screens but lets them use editor screens', async () => {
    const users = ctx.app.app.get(UsersService);
    const { link } = await users.invite(bootstrapActor, { email: 'eddie@redaktion.test', name: 'Eddie Editor', role: 'editor' });
    const client = new ConsoleClient(ctx.app);
    const path = new URL(link).pathname + new URL(link).search;
    await client.get(path);
    expect((await client.post(path, { password: 'Redaktionsschluss 18 Uhr', confirm: 'Redaktionsschluss 18 Uhr' })).status).toBe(303);
    expect(await client.login('eddie@redaktion.test', 'Redaktionsschluss 18 Uhr')).toBe(303);
    const dashboard = await client.get('/admin');
    expect(dashboard.status).toBe(200);
    expect(dashboard.html).not.toContain('href="/admin/settings"');
    const settings = await client.get('/admin/settings');
    expect(settings.status).toBe(403);
    expect(settings.html).toContain('Keine Berechtigung');
    expect((await client.get('/admin/sources')).status).toBe(200);
  });

  it('throttles an account after repeated failures, even with the right password', async () => {
    const client = new ConsoleClient(ctx.app);
    await client.get('/admin/login');
    for (let i = 0; i < 5; i++) await client.post('/admin/login', { email: 'eddie@redaktion.test', password: `falsch ${i}` });
    const blocked = await client.post('/admin/login', { email: 'eddie@redaktion.test', password: 'Redaktionsschluss 18 Uhr' });
    expect(blocked.status).toBe(429);
    expect(blocked.response.headers.get('retry-after')).toBe('900');
    expect(blocked.html).toContain('Zu viele fehlgeschlagene Anmeldungen');
  });

  it('switches the language before login by Accept-Language and ?lang, after login per user', async () => {
    const anonymous = await fetch(`${ctx.app.baseUrl}/admin/login`, { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(await anonymous.text()).toContain('<html lang="en">');
    const client = new ConsoleClient(ctx.app);
    expect((await client.get('/admin/login?lang=en')).html).toContain('Log in with your newsroom account.');
    await client.login(ADMIN.email, ADMIN.password);
    const switched = await client.post('/admin/account/language', { locale: 'en', return: '/admin/account' });
    expect(switched.location).toBe('/admin/account');
    expect((await client.get('/admin')).html).toContain('aria-current="page">Today</a>');
    await client.post('/admin/account/language', { locale: 'de', return: 'https://evil.test/' });
  });
});
