/** One text field of a submitted form; anything but a single string (missing, repeated) reads as ''. */
export function formField(body: unknown, name: string): string {
  if (typeof body !== 'object' || body === null) return '';
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

/** A same-site path to return to after login; anything else (another host, a scheme) becomes /admin. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/admin') || value.startsWith('//') || /[\\\r\n]/u.test(value)) return '/admin';
  return value;
}
