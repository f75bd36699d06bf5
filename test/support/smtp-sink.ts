import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface ReceivedMessage {
  readonly from: string;
  readonly to: string[];
  readonly raw: Buffer;
}

export interface SmtpSink {
  readonly url: string;
  readonly received: ReceivedMessage[];
  close(): Promise<void>;
}

/** Decides per recipient: return an SMTP reply like "550 5.1.1 unknown" to reject, or undefined. */
export type RecipientRule = (address: string) => string | undefined;

function rejection(reply: string): Error {
  const code = Number(reply.slice(0, 3));
  return Object.assign(new Error(reply.slice(4)), { responseCode: code });
}

/** A real SMTP server on 127.0.0.1 (random port) that keeps every accepted message. */
export async function startSmtpSink(rule: RecipientRule = () => undefined): Promise<SmtpSink> {
  const received: ReceivedMessage[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const reply = rule(address.address);
      callback(reply ? rejection(reply) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Header lines as sent, unfolded, keyed by lower-case name (mailparser's `headerLines`). */
export function headerLine(headerLines: ReadonlyArray<{ key: string; line: string }>, key: string): string | undefined {
  return headerLines.find((h) => h.key === key.toLowerCase())?.line.replace(/\r?\n(?=[ \t])/g, '');
}
