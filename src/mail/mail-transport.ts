import type { SendMailOptions } from 'nodemailer';
import type { EncodedText } from './quoted-printable-template.js';

export interface MailAddress {
  readonly name?: string;
  readonly address: string;
}

/** One message ready to go out; newsletter headers come from `buildNewsletterHeaders`. */
export interface OutgoingMail {
  readonly from: MailAddress;
  readonly to: MailAddress | string;
  readonly replyTo?: MailAddress | string;
  readonly subject: string;
  /** Plain strings are encoded by nodemailer; bulk mail passes bodies encoded once per issue. */
  readonly html: string | EncodedText;
  readonly text: string | EncodedText;
  /** Set it to keep the same Message-ID across retries of one delivery. */
  readonly messageId?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** SMTP envelope sender (bounce address) when it differs from From. */
  readonly returnPath?: string;
}

export interface SendResult {
  readonly messageId: string;
  /** The server's final reply (e.g. "250 2.0.0 Ok: queued as …") or where the message went. */
  readonly response: string;
}

/** Port for sending mail; bound to an SMTP pool or an outbox directory by configuration. */
export abstract class MailTransport {
  abstract send(mail: OutgoingMail): Promise<SendResult>;
  abstract close(): Promise<void>;
}

/**
 * Our headers are built ASCII-only and validated (see newsletter-headers.ts); `prepared` stops
 * nodemailer from MIME-encoding them whole, which turned `List-Id: "Name" <id>` into one
 * encoded word that no mail client reads as a list id.
 */
function preparedHeaders(headers: Readonly<Record<string, string>>): Record<string, { prepared: true; foldLines: true; value: string }> {
  const prepared: Record<string, { prepared: true; foldLines: true; value: string }> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (/[^\x20-\x7e]/.test(value)) throw new Error(`headers.${key}: must be printable ASCII (encode it first)`);
    prepared[key] = { prepared: true, foldLines: true, value };
  }
  return prepared;
}

/** A pre-encoded body becomes a raw MIME part: nodemailer writes it out as it is. */
function body(contentType: string, value: string | EncodedText): SendMailOptions['html'] {
  if (typeof value === 'string') return value;
  return { raw: `Content-Type: ${contentType}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${value.quotedPrintable}` };
}

/** Maps our message to nodemailer's options; `list` is not used (it mangles One-Click). */
export function toNodemailerMessage(mail: OutgoingMail): SendMailOptions {
  const to = typeof mail.to === 'string' ? mail.to : { name: mail.to.name ?? '', address: mail.to.address };
  const replyTo =
    mail.replyTo === undefined || typeof mail.replyTo === 'string'
      ? mail.replyTo
      : { name: mail.replyTo.name ?? '', address: mail.replyTo.address };
  return {
    from: { name: mail.from.name ?? '', address: mail.from.address },
    to,
    replyTo,
    subject: mail.subject,
    html: body('text/html', mail.html),
    text: body('text/plain', mail.text),
    messageId: mail.messageId,
    headers: mail.headers ? preparedHeaders(mail.headers) : undefined,
    envelope: mail.returnPath ? { from: mail.returnPath, to: typeof to === 'string' ? to : to.address } : undefined,
  };
}
