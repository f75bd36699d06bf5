import { parseCookie, stringifySetCookie } from 'cookie';
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'pb_session';
/** Before login: binds the login and setup forms' CSRF token to this browser. */
export const PRE_SESSION_COOKIE = 'pb_presession';

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  return parseCookie(header)[name];
}

/** HttpOnly, SameSite=Lax, scoped to /admin; Secure when the public URL is https. */
export function setConsoleCookie(res: Response, name: string, value: string, secure: boolean, maxAgeSeconds?: number): void {
  res.append('Set-Cookie', stringifySetCookie(name, value, { httpOnly: true, sameSite: 'lax', secure, path: '/admin', maxAge: maxAgeSeconds }));
}

export function clearConsoleCookie(res: Response, name: string, secure: boolean): void {
  res.append('Set-Cookie', stringifySetCookie(name, '', { httpOnly: true, sameSite: 'lax', secure, path: '/admin', maxAge: 0 }));
}
