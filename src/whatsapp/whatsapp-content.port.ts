import type { WhatsAppArticle, WhatsAppLocale } from './whatsapp-message.formatter.js';

/** An article as the WhatsApp posts need it; `url` is the public link readers open. */
export interface WhatsAppContentArticle extends WhatsAppArticle {
  /** The id `enqueueArticle` takes: per-article newsletters post an issue as one post per article. */
  id: string;
}

export interface WhatsAppContentIssue {
  newsletterName: string;
  locale: WhatsAppLocale;
  /** Newest first, as in the email digest. */
  articles: WhatsAppContentArticle[];
}

/**
 * What the WhatsApp feature needs from articles, newsletters and issues, as a port (abstract
 * class = DI token). The features owning those tables bind the real implementation; WhatsApp
 * never reads their tables. Both methods return null for an unknown id.
 */
export abstract class WhatsAppContent {
  abstract articleForPost(articleId: string): Promise<WhatsAppContentArticle | null>;
  abstract issueForPost(issueId: string): Promise<WhatsAppContentIssue | null>;
}
