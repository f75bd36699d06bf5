import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { AuditModule } from '#src/audit/audit.module.js';
import { AppConfig } from '#src/config/app-config.js';
import { DATABASE } from '#src/db/db.module.js';
import type { Database } from '#src/db/database.js';
import { createHttpImageFetcher, DEFAULT_IMAGE_FETCHER_OPTIONS } from './image-fetcher.js';
import { PostingQueueControl } from './posting-queue.control.js';
import { advisoryLockKey, PgAdvisorySessionLease, type SessionLease } from './session-lease.js';
import { WhatsAppAdminService } from './whatsapp-admin.service.js';
import { WhatsAppContent } from './whatsapp-content.port.js';
import { WhatsAppDrainProcessor } from './whatsapp-drain.processor.js';
import { WhatsAppPostingService } from './whatsapp-posting.service.js';
import { WhatsAppPostsController, WhatsAppQueueController } from './whatsapp-posts.controller.js';
import { WhatsAppPostsService } from './whatsapp-posts.service.js';
import { WhatsAppPublisher } from './whatsapp-publisher.js';
import { WhatsAppRepository } from './whatsapp.repository.js';
import { WhatsAppSessionHost } from './whatsapp-session.host.js';
import { WhatsAppTargetsController } from './whatsapp-targets.controller.js';
import { WhatsAppTargetsService } from './whatsapp-targets.service.js';
import { createWhatsAppWebClient } from './whatsapp-web.client.js';
import { WhatsAppController } from './whatsapp.controller.js';
import {
  systemClock,
  WHATSAPP_CLIENT_FACTORY,
  WHATSAPP_CLOCK,
  WHATSAPP_IMAGE_FETCHER,
  WHATSAPP_SESSION_LEASE,
  type WhatsAppSeams,
} from './whatsapp.tokens.js';

/** An advisory lock lets one process at a time run the session, embedded server or external. */
export function createSessionLease(config: AppConfig, database: Database): SessionLease {
  return new PgAdvisorySessionLease(database.url, advisoryLockKey(config.whatsapp.clientId));
}

@Module({})
export class WhatsAppModule {
  static forRoot(seams: WhatsAppSeams = {}): DynamicModule {
    const providers: Provider[] = [
      // Creating the factory starts nothing: a browser is launched only by a started session.
      { provide: WHATSAPP_CLIENT_FACTORY, useValue: seams.clientFactory ?? createWhatsAppWebClient },
      seams.imageFetcher
        ? { provide: WHATSAPP_IMAGE_FETCHER, useValue: seams.imageFetcher }
        : {
            provide: WHATSAPP_IMAGE_FETCHER,
            inject: [AppConfig],
            useFactory: (config: AppConfig) => createHttpImageFetcher({ ...DEFAULT_IMAGE_FETCHER_OPTIONS, allowPrivate: config.sources.allowPrivate }),
          },
      { provide: WHATSAPP_CLOCK, useValue: seams.clock ?? systemClock },
      seams.lease
        ? { provide: WHATSAPP_SESSION_LEASE, useValue: seams.lease }
        : { provide: WHATSAPP_SESSION_LEASE, inject: [AppConfig, DATABASE], useFactory: createSessionLease },
      WhatsAppRepository,
      WhatsAppSessionHost,
      WhatsAppPostingService,
      PostingQueueControl,
      WhatsAppPostsService,
      WhatsAppTargetsService,
      WhatsAppAdminService,
      WhatsAppPublisher,
      WhatsAppDrainProcessor,
    ];
    if (seams.content) providers.push({ provide: WhatsAppContent, useValue: seams.content });
    return {
      module: WhatsAppModule,
      // Global: newsletters and delivery queue posts through WhatsAppPublisher without importing
      // this module (forRoot takes seams, so importing it twice would build a second session).
      global: true,
      imports: [AuditModule],
      controllers: [WhatsAppController, WhatsAppTargetsController, WhatsAppPostsController, WhatsAppQueueController],
      providers,
      exports: [WhatsAppPublisher, WhatsAppAdminService, WhatsAppPostsService],
    };
  }
}
