import type { TestApp } from '../support/test-app.js';
import { useTestApp } from '../support/use-test-app.js';
import { TEST_BOOTSTRAP_TOKEN } from '../support/test-config.js';

describe('API tokens and roles', () => {
  const context = useTestApp();
  let app: TestApp;
  beforeAll(() => {
    app = context.app;
  });

  const createToken = async (role: 'admin' | 'editor', name = `${role}-token`) => {
    const response = await app.request('/api/tokens', { method: 'POST', token: TEST_BOOTSTRAP_TOKEN, json: { name, role } });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; token: string; prefix: string };
  };

  it('answers 401 without a token and with a bad one', async () => {
    const missing = await app.request('/api/tokens');
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { message: string }).message).toContain('missing bearer token');
    expect((await app.request('/api/tokens', { token: 'pb_not-a-real-token' })).status).toBe(401);
  });

  it('lets an admin token created through the API list tokens, without secrets', async () => {
    const admin = await createToken('admin', 'ops');
    const response = await app.request('/api/tokens', { token: admin.token });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('"name":"ops"');
    expect(text).not.toContain(admin.token);
    expect(text).not.toContain('tokenHash');
  });

  it('answers 403 when an editor calls an admin route', async () => {
    const editor = await createToken('editor');
    const response = await app.request('/api/tokens', { token: editor.token });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { message: string }).message).toContain('needs the admin role');
  });

  it('stops accepting a revoked token', async () => {
    const victim = await createToken('editor', 'leaked');
    const revoke = await app.request(`/api/tokens/${victim.id}`, { method: 'DELETE', token: TEST_BOOTSTRAP_TOKEN });
    expect(revoke.status).toBe(204);
    const again = await app.request(`/api/tokens/${victim.id}`, { method: 'DELETE', token: TEST_BOOTSTRAP_TOKEN });
    expect(again.status).toBe(404);
    const admin = await createToken('admin');
    // The editor token is rejected as invalid, not merely as the wrong role.
    const probe = await app.request('/api/tokens', { token: victim.token });
    expect(probe.status).toBe(401);
    expect((await app.request('/api/tokens', { token: admin.token })).status).toBe(200);
  });

  it('validates the body and names the field', async () => {
    const response = await app.request('/api/tokens', { method: 'POST', token: TEST_BOOTSTRAP_TOKEN, json: { name: '', role: 'root', extra: 1 } });
    expect(response.status).toBe(400);
    const { message } = (await response.json()) as { message: string[] };
    expect(message).toEqual(expect.arrayContaining(['role must be admin or editor', 'property extra should not exist']));
    expect(message.some((m) => m.startsWith('name'))).toBe(true);
  });

  it('never writes a token secret to the logs', async () => {
    const admin = await createToken('admin', 'secretive');
    await app.request('/api/tokens', { token: admin.token });
    const logs = app.logs.join('\n');
    expect(logs).toContain('/api/tokens');
    expect(logs).not.toContain(admin.token);
    expect(logs).not.toContain(TEST_BOOTSTRAP_TOKEN);
  });

  it('describes every route in OpenAPI', async () => {
    const response = await app.request('/docs-json');
    const document = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/tokens', '/api/tokens/{id}', '/health']));
    expect((await app.request('/docs')).status).toBe(200);
  });
});
