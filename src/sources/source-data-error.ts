/**
 * Data from a source (JSON from WordPress, a webhook body) that does not have the expected shape.
 * `field` names the offending field (dotted path) so the admin can fix the sender.
 */
export class SourceDataError extends Error {
  override readonly name = 'SourceDataError';

  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(field ? `${field}: ${reason}` : reason);
  }
}
