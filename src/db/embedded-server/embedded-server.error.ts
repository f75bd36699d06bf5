/** A reason the embedded PostgreSQL server cannot run, worded for the person starting Postbote. */
export class EmbeddedServerError extends Error {
  override readonly name = 'EmbeddedServerError';
}
