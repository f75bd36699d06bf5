import { Global, Injectable, Module, NotFoundException } from '@nestjs/common';
import { ArticleCatalog, type CatalogArticle } from '#src/articles/article-catalog.js';
import { WhatsAppContent, type WhatsAppContentArticle, type WhatsAppContentIssue } from '#src/whatsapp/whatsapp-content.port.js';
import { IssuesService } from './issues.service.js';
import { NewslettersModule } from './newsletters.module.js';

export function toWhatsAppArticle(article: CatalogArticle): WhatsAppContentArticle {
  return { id: article.id, title: article.title, url: article.url, excerpt: article.excerpt, imageUrl: article.imageUrl };
}

/** Binds the WhatsApp feature's content port to articles and stored issues. */
@Injectable()
export class NewsletterWhatsAppContent extends WhatsAppContent {
  constructor(
    private readonly catalog: ArticleCatalog,
    private readonly issues: IssuesService,
  ) {
    super();
  }

  async articleForPost(articleId: string): Promise<WhatsAppContentArticle | null> {
    const [article] = await this.catalog.getByIds([articleId]);
    return article && article.status === 'published' ? toWhatsAppArticle(article) : null;
  }

  async issueForPost(issueId: string): Promise<WhatsAppContentIssue | null> {
    const found = await this.issues.getWithNewsletter(issueId).catch((error: unknown) => {
      if (error instanceof NotFoundException) return null;
      throw error;
    });
    if (!found) return null;
    const { newsletter } = found;
    const ids = await this.issues.articleIds(issueId);
    const byId = new Map((await this.catalog.getByIds(ids)).map((a) => [a.id, a]));
    // Withdrawn since the issue was built: never post it to the channel.
    const articles = ids.map((id) => byId.get(id)).filter((a): a is CatalogArticle => a?.status === 'published');
    return { newsletterName: newsletter.name, locale: newsletter.locale, articles: articles.map(toWhatsAppArticle) };
  }
}

/** Global so the WhatsApp module sees the binding without importing the newsletters feature. */
@Global()
@Module({
  imports: [NewslettersModule],
  providers: [{ provide: WhatsAppContent, useClass: NewsletterWhatsAppContent }],
  exports: [WhatsAppContent],
})
export class NewsletterWhatsAppContentModule {}
