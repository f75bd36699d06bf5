export type FetchErrorKind =
  | 'invalid-url'
  | 'private-address'
  | 'http-status'
  | 'timeout'
  | 'too-large'
  | 'redirect'
  | 'network';

/**
 * A fetch that failed for a reason worth showing to an admin. `reason` is short and stable enough
 * to be stored as the source's last error ("HTTP 503", "timeout after 15000 ms").
 */
export class FetchError extends Error {
  override readonly name = 'FetchError';

  constructor(
    readonly kind: FetchErrorKind,
    readonly reason: string,
    readonly url: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`${reason} (${url})`, options);
  }
}
