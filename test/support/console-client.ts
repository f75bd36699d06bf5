import { UsersService } from '#src/users/users.service.js';
import type { TestApp } from './test-app.js';

/**
 * A browser-like HTTP client for the console: keeps cookies, does not follow redirects (tests look
 * at them), and fills in the CSRF token from the last page it read.
 */
export class ConsoleClient {
  private readonly cookies = new Map<string, string>();
  private csrf = '';

  constructor(private readonly app: TestApp) {}

  get csrfToken(): string {
    return this.csrf;
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; html: string; location: string | null; response: Response }> {
    return this.send('GET', path, undefined, headers);
  }

  /** A form post; the page's CSRF token is added unless the fields say otherwise. */
  async post(path: string, fields: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<{ status: number; html: string; location: string | null; response: Response }> {
    return this.send('POST', path, new URLSearchParams({ _csrf: this.csrf, ...fields }).toString(), { 'content-type': 'application/x-www-form-urlencoded', ...headers });
  }

  /**
   * Opens the login page (for a CSRF token), logs in and opens the page it redirects to (the
   * token changes with the session); returns the login's status.
   */
  async login(email: string, password: string): Promise<number> {
    await this.get('/admin/login');
    const response = await this.post('/admin/login', { email, password });
    if (response.location) await this.get(response.location);
    return response.status;
  }

  private async send(method: string, path: string, body: string | undefined, headers: Record<string, string>) {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(`${this.app.baseUrl}${path}`, { method, body, redirect: 'manual', headers: { ...headers, ...(cookie ? { cookie } : {}) } });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1).trim()];
      if (attributes.some((a) => /^\s*max-age=0\s*$/iu.test(a)) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const html = await response.text();
    const token = /name="_csrf" value="([^"]+)"/u.exec(html)?.[1];
    if (token) this.csrf = token;
    return { status: response.status, html, location: response.headers.get('location'), response };
  }
}

/** The first-admin link the boot log printed. */
export function setupLinkFromLogs(logs: readonly string[]): string {
  for (const line of logs) {
    const match = /\/admin\/setup\?token=([\w-]+)/u.exec(line);
    if (match) return `/admin/setup?token=${match[1]}`;
  }
  throw new Error('no setup link in the logs');
}

/** A staff account with a password, made through the real invitation path (no HTTP). */
export async function createStaffUser(app: TestApp, user: { email: string; name: string; role: 'admin' | 'editor'; password: string }): Promise<void> {
  const users = app.app.get(UsersService);
  const { link } = await users.invite({ tokenId: null, name: 'test', role: 'admin' }, user);
  await users.setPasswordWithLink(new URL(link).searchParams.get('token') ?? '', user.password);
}
