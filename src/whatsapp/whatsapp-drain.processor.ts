import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { JobsService } from '#src/jobs/jobs.service.js';
import { WhatsAppPostingService } from './whatsapp-posting.service.js';
import { WhatsAppSessionHost } from './whatsapp-session.host.js';
import { WhatsAppTargetsService } from './whatsapp-targets.service.js';

/**
 * Takes drain jobs only where a WhatsApp session may run; API processes and workers without
 * WHATSAPP_ENABLED leave them to that process. On every `ready`, pending invite codes are
 * resolved and the queue is woken.
 */
@Injectable()
export class WhatsAppDrainProcessor implements OnModuleInit {
  private readonly logger = new Logger('WhatsAppDrain');

  constructor(
    private readonly jobs: JobsService,
    private readonly posting: WhatsAppPostingService,
    private readonly host: WhatsAppSessionHost,
    private readonly targets: WhatsAppTargetsService,
  ) {}

  onModuleInit(): void {
    if (!this.host.runsHere) return;
    this.jobs.register('whatsapp.drain', () => this.posting.drain());
    this.host.onReady((client) => {
      void this.targets
        .resolvePending(client)
        .then(() => this.posting.kick('ready'))
        .catch((err: unknown) => this.logger.warn({ msg: 'WhatsApp ready hook failed', err }));
    });
  }
}
