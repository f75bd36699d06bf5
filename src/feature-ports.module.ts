import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ArticlesModule } from './articles/articles.module.js';
import { DeliveryModule } from './delivery/delivery.module.js';
import { NewslettersModule } from './newsletters/newsletters.module.js';
import { SubscribersModule } from './subscribers/subscribers.module.js';

/**
 * Makes the ports features offer each other visible app-wide, so consumers depend on the port and
 * not on the module that implements it:
 * - SubscriberDirectory (subscribers → delivery) and ArticleCatalog (articles → newsletters):
 *   tests may replace both with their own global module (`upstream`);
 * - NewsletterOptions (newsletters → subscribers) and DeliveryHistory (delivery → subscribers):
 *   always the real ones. Binding them here, not by imports, keeps the module graph acyclic
 *   (delivery already depends on subscribers through SubscriberDirectory).
 */
@Global()
@Module({})
export class FeaturePortsModule {
  static forRoot(upstream?: DynamicModule): DynamicModule {
    const upstreamModules = upstream ? [upstream] : [SubscribersModule, ArticlesModule];
    return {
      module: FeaturePortsModule,
      imports: [...upstreamModules, NewslettersModule, DeliveryModule],
      exports: [...upstreamModules, NewslettersModule, DeliveryModule],
    };
  }
}
