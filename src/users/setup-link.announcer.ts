import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig, runsHttpApi } from '#src/config/app-config.js';
import { UsersService } from './users.service.js';

/**
 * With no admin yet, the boot log prints a one-time link that creates the first one. Only the
 * holder of the log (the operator) can use it; it expires in 24 h and is useless once an admin exists.
 */
@Injectable()
export class SetupLinkAnnouncer implements OnApplicationBootstrap {
  private readonly logger = new Logger('Console');

  constructor(
    private readonly users: UsersService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!runsHttpApi(this.config.role)) return;
    const link = await this.users.setupLinkIfNoAdmin();
    if (link) this.logger.warn(`No admin account yet. Create the first one within 24 hours: ${link}`);
  }
}
