import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { AppConfig } from '#src/config/app-config.js';
import { redactUrl } from '#src/logging/logger.js';
import { MailTransport } from './mail-transport.js';
import { OutboxTransport } from './outbox.transport.js';
import { SmtpTransport } from './smtp.transport.js';

/** Binds the MailTransport port: an SMTP pool with SMTP_URL, else the .eml outbox. */
export function createMailTransport(config: AppConfig, logger = new Logger('Mail')): MailTransport {
  const { smtpUrl, maxConnections, maxMessages, dkim } = config.mail;
  if (smtpUrl) {
    logger.log(`sending through ${redactUrl(smtpUrl)} (${maxConnections} connections${dkim ? ', DKIM' : ''})`);
    return new SmtpTransport({ url: smtpUrl, maxConnections, maxMessages, dkim });
  }
  const directory = join(config.dataDir, 'outbox');
  logger.warn(`SMTP_URL is not set: no mail leaves this machine; messages are written to ${directory}`);
  return new OutboxTransport(directory);
}

@Global()
@Module({
  providers: [{ provide: MailTransport, inject: [AppConfig], useFactory: (config: AppConfig) => createMailTransport(config) }],
  exports: [MailTransport],
})
export class MailModule implements OnApplicationShutdown {
  constructor(@Inject(MailTransport) private readonly transport: MailTransport) {}

  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
  }
}
