import { Module } from '@nestjs/common';
import { NewsletterOptions } from '#src/subscribers/newsletter-options.js';
import { ArchiveController } from './archive.controller.js';
import { EnabledNewsletterOptions } from './enabled-newsletter-options.js';
import { IssueBuilder } from './issue-builder.js';
import { IssuesRepository } from './issues.repository.js';
import { IssuesService } from './issues.service.js';
import { NewslettersController } from './newsletters.controller.js';
import { NewslettersRepository } from './newsletters.repository.js';
import { NewslettersService } from './newsletters.service.js';

/**
 * Needs the ArticleCatalog port bound globally; offers the NewsletterOptions port to subscribers
 * (bound app-wide by feature-ports.module.ts).
 */
@Module({
  controllers: [NewslettersController, ArchiveController],
  providers: [
    NewslettersRepository,
    NewslettersService,
    IssuesRepository,
    IssuesService,
    IssueBuilder,
    { provide: NewsletterOptions, useClass: EnabledNewsletterOptions },
  ],
  exports: [NewslettersService, IssuesService, IssueBuilder, NewsletterOptions],
})
export class NewslettersModule {}
