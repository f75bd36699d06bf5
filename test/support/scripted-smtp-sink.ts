import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface AcceptedMessage {
  readonly to: string[];
  readonly raw: Buffer;
  readonly at: number;
}

export interface SinkScript {
  /** Reply for RCPT TO (e.g. "451 4.3.0 try later"), or undefined to accept; `attempt` counts from 1 per address. */
  rcpt?: (address: string, attempt: number) => string | undefined;
  /** Return 'drop' to cut the connection in the middle of DATA. */
  data?: (to: string[], attempt: number) => 'drop' | undefined;
  /** Awaited before a message is accepted (hold messages in flight). */
  gate?: (to: readonly string[]) => Promise<void>;
}

export interface ScriptedSink {
  readonly url: string;
  readonly accepted: AcceptedMessage[];
  countFor(address: string): number;
  close(): Promise<void>;
}

function rejection(reply: string): Error {
  return Object.assign(new Error(reply.slice(4)), { responseCode: Number(reply.slice(0, 3)) });
}

/** A real SMTP server (smtp-server) whose replies a test scripts per recipient and attempt. */
export async function startScriptedSink(script: SinkScript = {}): Promise<ScriptedSink> {
  const accepted: AcceptedMessage[] = [];
  const rcptAttempts = new Map<string, number>();
  const dataAttempts = new Map<string, number>();
  const next = (map: Map<string, number>, key: string): number => {
    const n = (map.get(key) ?? 0) + 1;
    map.set(key, n);
    return n;
  };
  const server: SMTPServer = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const reply = script.rcpt?.(address.address.toLowerCase(), next(rcptAttempts, address.address.toLowerCase()));
      callback(reply ? rejection(reply) : null);
    },
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
      const chunks: Buffer[] = [];
      const action = script.data?.(to, next(dataAttempts, to.join(',')));
      stream.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (action === 'drop') {
          // Cut the TCP connection while the client is still sending DATA.
          const connections = (server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }).connections;
          for (const c of connections) if (c.id === session.id) c._socket.destroy();
        }
      });
      stream.on('end', () => {
        if (action === 'drop') return;
        const finish = (): void => {
          accepted.push({ to, raw: Buffer.concat(chunks), at: Date.now() });
          callback();
        };
        if (script.gate) void script.gate(to).then(finish);
        else finish();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    countFor: (address) => accepted.filter((m) => m.to.includes(address.toLowerCase())).length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * For a sink's `gate`: while closed, the server holds every message at the end of DATA without
 * answering, so each sender keeps the message it has in hand and sends nothing after it.
 */
export class Valve {
  private opened: Promise<void> = Promise.resolve();
  private release: (() => void) | undefined;

  close(): void {
    if (this.release) return;
    this.opened = new Promise<void>((resolve) => (this.release = resolve));
  }

  open(): void {
    this.release?.();
    this.release = undefined;
  }

  wait(): Promise<void> {
    return this.opened;
  }
}
