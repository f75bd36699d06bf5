import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ArticleCatalog, type CatalogArticle } from './articles/article-catalog.js';
import { SubscriberDirectory, type Recipient, type RecipientLinks } from './subscribers/subscriber-directory.js';

export class PortNotBoundError extends Error {
  constructor(port: string, feature: string) {
    super(`${port} is not bound: the ${feature} module is not part of this build`);
    this.name = 'PortNotBoundError';
  }
}

/* Placeholders until the subscribers and articles modules (which bind the real implementations)
   are merged: they refuse every call loudly, so nothing is sent to or built from nobody. */
class UnboundSubscriberDirectory extends SubscriberDirectory {
  listRecipients(): Promise<Recipient[]> {
    return Promise.reject(new PortNotBoundError('SubscriberDirectory', 'subscribers'));
  }
  filterDeliverable(): Promise<Set<string>> {
    return Promise.reject(new PortNotBoundError('SubscriberDirectory', 'subscribers'));
  }
  suppressAddress(): Promise<void> {
    return Promise.reject(new PortNotBoundError('SubscriberDirectory', 'subscribers'));
  }
  linksFor(): RecipientLinks {
    throw new PortNotBoundError('SubscriberDirectory', 'subscribers');
  }
}

class UnboundArticleCatalog extends ArticleCatalog {
  findForDigest(): Promise<CatalogArticle[]> {
    return Promise.reject(new PortNotBoundError('ArticleCatalog', 'articles'));
  }
  getByIds(): Promise<CatalogArticle[]> {
    return Promise.reject(new PortNotBoundError('ArticleCatalog', 'articles'));
  }
}

/**
 * Binds the ports features offer each other (SubscriberDirectory, ArticleCatalog) for the whole
 * app. When merging the real modules, replace the body with
 * `imports: [SubscribersModule, ArticlesModule], exports: [SubscribersModule, ArticlesModule]`.
 * Tests pass their own ports module to `createApp(config, { ports })`.
 */
@Global()
@Module({
  providers: [
    { provide: SubscriberDirectory, useClass: UnboundSubscriberDirectory },
    { provide: ArticleCatalog, useClass: UnboundArticleCatalog },
  ],
  exports: [SubscriberDirectory, ArticleCatalog],
})
export class FeaturePortsModule {
  static forRoot(): DynamicModule {
    return { module: FeaturePortsModule };
  }
}
