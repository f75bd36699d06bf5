import { Global, Inject, Logger, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '#src/config/app-config.js';
import { DigestRenderer } from './digest-renderer.js';
import { TemplateCatalog } from './template-catalog.js';

/**
 * Loads and strictly validates every template at boot (a broken template stops the boot with
 * file and line), then re-validates on change; a broken edit keeps the previous templates live.
 */
@Global()
@Module({
  providers: [
    { provide: TemplateCatalog, inject: [AppConfig], useFactory: (config: AppConfig) => TemplateCatalog.load(config.templatesDir) },
    { provide: DigestRenderer, inject: [TemplateCatalog], useFactory: (catalog: TemplateCatalog) => new DigestRenderer(catalog) },
  ],
  exports: [TemplateCatalog, DigestRenderer],
})
export class RenderingModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Templates');
  private stopWatching?: () => void;

  constructor(@Inject(TemplateCatalog) private readonly catalog: TemplateCatalog) {}

  onModuleInit(): void {
    this.stopWatching = this.catalog.watch((error) => {
      if (error) this.logger.error({ msg: 'template change rejected; previous templates stay active', err: error });
      else this.logger.log(`templates in ${this.catalog.directory} reloaded`);
    });
  }

  onApplicationShutdown(): void {
    this.stopWatching?.();
  }
}
