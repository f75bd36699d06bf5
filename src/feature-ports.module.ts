import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ArticlesModule } from './articles/articles.module.js';
import { SubscribersModule } from './subscribers/subscribers.module.js';

/**
 * Makes the ports features offer each other (SubscriberDirectory from subscribers, ArticleCatalog
 * from articles) visible app-wide, so consumers depend on the port and not on the module that
 * implements it. Tests may pass their own ports module to `createApp(config, { ports })`.
 */
@Global()
@Module({})
export class FeaturePortsModule {
  static forRoot(): DynamicModule {
    return {
      module: FeaturePortsModule,
      imports: [SubscribersModule, ArticlesModule],
      exports: [SubscribersModule, ArticlesModule],
    };
  }
}
