import { Module } from '@nestjs/common';
import { AuditModule } from '#src/audit/audit.module.js';
import { SessionsRepository } from './sessions.repository.js';
import { SessionsService } from './sessions.service.js';
import { SetupLinkAnnouncer } from './setup-link.announcer.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

/** Staff accounts and their console sessions. */
@Module({
  imports: [AuditModule],
  providers: [UsersRepository, SessionsRepository, UsersService, SessionsService, SetupLinkAnnouncer],
  exports: [UsersService, SessionsService],
})
export class UsersModule {}
