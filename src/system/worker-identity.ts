import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** Names this process in heartbeats and probe answers: host, pid and a nonce against pid reuse. */
export class WorkerIdentity {
  readonly hostname = hostname();
  readonly pid = process.pid;
  readonly id = `${this.hostname}:${this.pid}:${randomBytes(3).toString('hex')}`;
  readonly startedAt = new Date();
}
