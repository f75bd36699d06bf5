import { Global, Module } from '@nestjs/common';
import { join } from 'node:path';
import { AppConfig } from '#src/config/app-config.js';
import { UsersModule } from '#src/users/users.module.js';
import { ConsoleAssets } from './assets/console-assets.js';
import { ConsoleAssetsController } from './assets/console-assets.controller.js';
import { AccountController } from './auth/account.controller.js';
import { ConsoleAuthController } from './auth/console-auth.controller.js';
import { PasswordLinksController } from './auth/password-links.controller.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { ComingSoonController } from './frame/coming-soon.controller.js';
import { ConsoleBanners } from './frame/console-banners.js';
import { ConsoleExceptionFilter } from './frame/console-exception.filter.js';
import { ConsolePages } from './frame/console-pages.js';
import { ConsoleRenderer } from './frame/console-renderer.js';
import { ConsoleSessionGuard } from './frame/console-session.guard.js';

/**
 * The web console's frame (login, layout, navigation, assets) and its first screens. Global, so a
 * console screen's controller in any module can use @ConsoleController and ConsolePages.
 */
@Global()
@Module({
  imports: [UsersModule, DashboardModule],
  controllers: [ConsoleAssetsController, ConsoleAuthController, PasswordLinksController, AccountController, ComingSoonController],
  providers: [
    { provide: ConsoleRenderer, inject: [AppConfig], useFactory: (config: AppConfig) => ConsoleRenderer.load(join(config.templatesDir, 'admin')) },
    { provide: ConsoleAssets, inject: [AppConfig], useFactory: (config: AppConfig) => ConsoleAssets.load(join(config.templatesDir, 'admin')) },
    ConsoleBanners,
    ConsolePages,
    ConsoleSessionGuard,
    ConsoleExceptionFilter,
  ],
  exports: [UsersModule, ConsolePages, ConsoleSessionGuard, ConsoleExceptionFilter],
})
export class ConsoleModule {}
