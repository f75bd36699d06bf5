import { Injectable } from '@nestjs/common';
import { AppConfig } from '#src/config/app-config.js';
import { SubscribersRepository } from './subscribers.repository.js';

export interface NewsletterOption {
  slug: string;
  name: string;
  description: string;
}

/**
 * The newsletters a reader can choose. A port: the newsletters feature will bind its own list
 * (named tag selections); until then {@link ConfiguredNewsletterOptions} is bound.
 */
export abstract class NewsletterOptions {
  abstract list(): Promise<NewsletterOption[]>;
}

/** `NEWSLETTERS` from the environment, or else the slugs subscribers already hold. */
@Injectable()
export class ConfiguredNewsletterOptions extends NewsletterOptions {
  constructor(
    private readonly config: AppConfig,
    private readonly repository: SubscribersRepository,
  ) {
    super();
  }

  async list(): Promise<NewsletterOption[]> {
    const configured = this.config.subscribers.newsletters;
    if (configured.length > 0) return configured.map(({ slug, name }) => ({ slug, name, description: '' }));
    const slugs = await this.repository.distinctNewsletterSlugs();
    return slugs.map((slug) => ({ slug, name: slug, description: '' }));
  }
}
