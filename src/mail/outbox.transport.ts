import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type StreamTransport from 'nodemailer/lib/stream-transport/index.js';
import { MailTransport, toNodemailerMessage, type OutgoingMail, type SendResult } from './mail-transport.js';

/**
 * Writes each message as an `.eml` file instead of sending it: the default without SMTP_URL, so
 * a fresh installation never mails real people by accident. Files are written under a temporary
 * name and renamed, so a reader never sees half a message.
 */
export class OutboxTransport extends MailTransport {
  private readonly transporter: Transporter<StreamTransport.SentMessageInfo>;

  constructor(readonly directory: string) {
    super();
    this.transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  }

  async send(mail: OutgoingMail): Promise<SendResult> {
    const info = await this.transporter.sendMail(toNodemailerMessage(mail));
    if (!Buffer.isBuffer(info.message)) throw new Error('outbox: nodemailer returned no message buffer');
    await mkdir(this.directory, { recursive: true });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.eml`;
    const target = path.join(this.directory, name);
    await writeFile(`${target}.tmp`, info.message);
    await rename(`${target}.tmp`, target);
    return { messageId: info.messageId, response: `written to ${target}` };
  }

  close(): Promise<void> {
    this.transporter.close();
    return Promise.resolve();
  }
}
