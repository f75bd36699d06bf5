/** A feed body that cannot be read as a feed; `reason` is stored as the source's last error. */
export class FeedParseError extends Error {
  override readonly name = 'FeedParseError';

  constructor(readonly reason: string) {
    super(reason);
  }
}
