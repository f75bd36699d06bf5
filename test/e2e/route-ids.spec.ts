import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import { isIdParameter } from '#src/validation/parse-id-params.pipe.js';
import { TEST_BOOTSTRAP_TOKEN } from '../support/test-config.js';
import { useTestApp } from '../support/use-test-app.js';

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Route parameters that are not row ids, each checked by its own handler. */
const NON_ID_PARAMETERS = new Set(['slug', 'key', 'provider']);

/** Every route of the running app, e.g. `POST /api/newsletters/:newsletterId/test-send`. */
function routesOf(express: Express): { method: string; path: string }[] {
  const stack = (express as unknown as { router: { stack: RouteLayer[] } }).router.stack;
  return stack.flatMap((layer) =>
    layer.route ? Object.keys(layer.route.methods).filter((m) => m !== '_all').map((method) => ({ method: method.toUpperCase(), path: layer.route!.path })) : [],
  );
}

const parametersOf = (path: string): string[] => [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);

/** An id route parameter that is not a UUID is a 400 naming it on every route (was a 500 from PostgreSQL). */
describe('id route parameters', () => {
  const harness = useTestApp();
  const routes = () => routesOf(harness.app.app.getHttpAdapter().getInstance() as Express);

  it('finds the routes (the walk itself works)', () => {
    expect(routes()).toEqual(expect.arrayContaining([{ method: 'POST', path: '/api/newsletters/:newsletterId/send-now' }]));
  });

  it('names every route parameter either an id or a known non-id', () => {
    const unknown = routes().flatMap((r) => parametersOf(r.path).filter((p) => !isIdParameter(p) && !NON_ID_PARAMETERS.has(p)).map((p) => `${r.method} ${r.path}: ${p}`));
    expect(unknown).toEqual([]);
  });

  it('answers 400 naming the parameter on every route with an id, whatever else is sent', async () => {
    // Console routes answer a request without a session with the login page before any pipe runs;
    // their ids are checked with a session in the console's own tests.
    const withIds = routes().filter((r) => parametersOf(r.path).some(isIdParameter) && !r.path.startsWith('/admin/'));
    expect(withIds.length).toBeGreaterThan(25);
    const answers = await Promise.all(
      withIds.flatMap((route) =>
        parametersOf(route.path).filter(isIdParameter).map(async (bad) => {
          const path = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => (name === bad ? 'abc' : isIdParameter(name) ? randomUUID() : 'x'));
          const response = await harness.app.request(path, { method: route.method, token: TEST_BOOTSTRAP_TOKEN, json: route.method === 'GET' || route.method === 'DELETE' ? undefined : {} });
          const text = await response.text();
          return { route: `${route.method} ${route.path}`, bad, status: response.status, namesIt: text.includes(`${bad}: must be a UUID`) };
        }),
      ),
    );
    expect(answers.filter((a) => a.status !== 400 || !a.namesIt)).toEqual([]);
  });

  it('still answers 404 for a well-formed id that does not exist', async () => {
    const response = await harness.app.request(`/api/newsletters/${randomUUID()}/preview`, { token: TEST_BOOTSTRAP_TOKEN });
    expect(response.status).toBe(404);
  });
});
