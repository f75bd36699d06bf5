import { Injectable } from '@nestjs/common';
import { NewsletterOptions, type NewsletterOption } from '#src/subscribers/newsletter-options.js';
import { NewslettersRepository } from './newsletters.repository.js';

/**
 * The newsletters readers can choose on `/subscribe` and `/preferences` and that imports accept:
 * every enabled newsletter. A disabled one disappears from the choice at once; subscribers who hold
 * it keep it (the preferences page shows it so saving never drops it silently).
 */
@Injectable()
export class EnabledNewsletterOptions extends NewsletterOptions {
  constructor(private readonly repository: NewslettersRepository) {
    super();
  }

  async list(): Promise<NewsletterOption[]> {
    const rows = await this.repository.listEnabled();
    return rows.map(({ slug, name, description }) => ({ slug, name, description }));
  }
}
