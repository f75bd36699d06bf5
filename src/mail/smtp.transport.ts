import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { MailTransport, toNodemailerMessage, type OutgoingMail, type SendResult } from './mail-transport.js';

export interface DkimConfig {
  readonly domainName: string;
  readonly keySelector: string;
  /** PEM private key; never logged. */
  readonly privateKey: string;
}

export interface SmtpTransportConfig {
  /** e.g. `smtp://user:pass@mail.example.de:587` or `smtps://…:465`. */
  readonly url: string;
  readonly maxConnections?: number;
  readonly maxMessages?: number;
  readonly dkim?: DkimConfig;
}

/**
 * Header fields the DKIM signature covers. nodemailer replaces its whole default list when
 * `headerFieldNames` is set, so this is its default (10.6) plus Feedback-ID: Gmail's feedback
 * loop only trusts a signed Feedback-ID, and RFC 8058 needs both List-Unsubscribe fields signed.
 */
export const DKIM_SIGNED_HEADERS = [
  'From', 'Sender', 'Reply-To', 'Subject', 'Date', 'Message-ID', 'To', 'Cc', 'MIME-Version',
  'Content-Type', 'Content-Transfer-Encoding', 'Content-ID', 'Content-Description',
  'Resent-Date', 'Resent-From', 'Resent-Sender', 'Resent-To', 'Resent-Cc', 'Resent-Message-ID',
  'In-Reply-To', 'References', 'List-Id', 'List-Help', 'List-Unsubscribe', 'List-Unsubscribe-Post',
  'List-Subscribe', 'List-Post', 'List-Owner', 'List-Archive', 'Feedback-ID',
] as const;

export function smtpPoolOptions(config: SmtpTransportConfig): SMTPPool.Options {
  return {
    url: config.url,
    pool: true,
    maxConnections: config.maxConnections ?? 5,
    maxMessages: config.maxMessages ?? 100,
    dkim: config.dkim
      ? {
          domainName: config.dkim.domainName,
          keySelector: config.dkim.keySelector,
          privateKey: config.dkim.privateKey,
          headerFieldNames: DKIM_SIGNED_HEADERS.join(':'),
        }
      : undefined,
  };
}

/** Sends through a pooled SMTP connection set; the rate limit across workers lives elsewhere. */
export class SmtpTransport extends MailTransport {
  private readonly transporter: Transporter<SMTPPool.SentMessageInfo>;

  constructor(config: SmtpTransportConfig) {
    super();
    this.transporter = nodemailer.createTransport(smtpPoolOptions(config));
  }

  async send(mail: OutgoingMail): Promise<SendResult> {
    const info = await this.transporter.sendMail(toNodemailerMessage(mail));
    return { messageId: info.messageId, response: info.response };
  }

  close(): Promise<void> {
    this.transporter.close();
    return Promise.resolve();
  }
}
