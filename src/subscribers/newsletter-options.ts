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

/** `newsletters: unknown a, b` when some slugs are not among `known`; imports and the admin API say it alike. */
export function unknownNewslettersProblem(slugs: readonly string[], known: ReadonlySet<string>): string | undefined {
  const unknown = slugs.filter((slug) => !known.has(slug));
  return unknown.length > 0 ? `newsletters: unknown ${unknown.join(', ')}` : undefined;
}
