/** No live session: the filter sends the browser to the login page. */
export class NotLoggedInError extends Error {
  /** True when a session cookie came but no longer counts (expired, logged out elsewhere). */
  constructor(readonly sessionEnded: boolean) {
    super('console login required');
    this.name = 'NotLoggedInError';
  }
}

/** A state-changing request without the page's CSRF token: nothing was done. */
export class CsrfRefusedError extends Error {
  constructor() {
    super('CSRF token missing or wrong');
    this.name = 'CsrfRefusedError';
  }
}
