import { Module } from '@nestjs/common';
import { AppConfig } from '#src/config/app-config.js';
import { SubscriberDirectory } from './subscriber-directory.js';
import { SubscriberDirectoryService } from './subscriber-directory.service.js';
import { SubscriberLinks } from './subscriber-links.js';
import { SubscriberTokenService } from './subscriber-token.js';
import { SubscribersRepository } from './subscribers.repository.js';

@Module({
  providers: [
    SubscribersRepository,
    SubscriberLinks,
    { provide: SubscriberTokenService, inject: [AppConfig], useFactory: (config: AppConfig) => new SubscriberTokenService({ secret: config.secretKey }) },
    { provide: SubscriberDirectory, useClass: SubscriberDirectoryService },
  ],
  exports: [SubscriberDirectory],
})
export class SubscribersModule {}
