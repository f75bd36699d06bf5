export interface NewsletterOption {
  slug: string;
  name: string;
  description: string;
}

/**
 * The newsletters a reader can choose (subscribe and preferences pages) and an import may name.
 * A port: the newsletters feature binds it (its enabled newsletters), app-wide through
 * feature-ports.module.ts, so this feature does not depend on the newsletters module.
 */
export abstract class NewsletterOptions {
  abstract list(): Promise<NewsletterOption[]>;
}
