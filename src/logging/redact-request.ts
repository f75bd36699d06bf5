/**
 * Query parameters that carry credentials: readers' link tokens (`/confirm`, `/preferences`,
 * `/unsubscribe`), and what clients send to authenticate although Postbote does not read it
 * (`?access_token=`, `?api_key=`). Matched case-insensitively by name.
 */
const SECRET_QUERY_PARAMETERS: ReadonlySet<string> = new Set([
  'token', 'access_token', 'refresh_token', 'id_token', 'api_key', 'apikey', 'key', 'secret', 'password', 'signature', 'sig', 'code',
]);

/** Request headers that carry credentials, for pino's `redact` paths. */
export const SECRET_HEADERS = [
  'authorization', 'proxy-authorization', 'cookie', 'x-webhook-secret', 'x-api-key', 'x-auth-token', 'x-postbote-signature',
] as const;

export const REDACTED = '[redacted]';

const isSecretParameter = (name: string): boolean => SECRET_QUERY_PARAMETERS.has(name.toLowerCase());

/** `/confirm?token=abc&lang=en` → `/confirm?token=[redacted]&lang=en`; other URLs unchanged. */
export function redactUrlQuery(url: string): string {
  const queryAt = url.indexOf('?');
  if (queryAt < 0) return url;
  const params = new URLSearchParams(url.slice(queryAt + 1));
  let changed = false;
  for (const name of new Set(params.keys())) {
    if (!isSecretParameter(name)) continue;
    params.set(name, REDACTED);
    changed = true;
  }
  return changed ? `${url.slice(0, queryAt)}?${params.toString()}` : url;
}

/** A parsed query object (`req.query`) with the values of secret parameters replaced. */
export function redactQueryObject(query: unknown): unknown {
  if (typeof query !== 'object' || query === null) return query;
  return Object.fromEntries(Object.entries(query as Record<string, unknown>).map(([name, value]) => [name, isSecretParameter(name) ? REDACTED : value]));
}

interface SerializedRequest {
  url?: string;
  query?: unknown;
  [key: string]: unknown;
}

/**
 * pino-http's request serializer (after pino's standard one): the logged URL and query never
 * hold a token. Headers are blanked by the logger's `redact` paths (logger.ts).
 */
export function serializeRequestWithoutSecrets(req: SerializedRequest): SerializedRequest {
  return { ...req, url: typeof req.url === 'string' ? redactUrlQuery(req.url) : req.url, query: redactQueryObject(req.query) };
}
