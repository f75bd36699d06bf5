import { Module } from '@nestjs/common';
import { ArchiveController } from './archive.controller.js';
import { IssueBuilder } from './issue-builder.js';
import { IssuesRepository } from './issues.repository.js';
import { IssuesService } from './issues.service.js';
import { NewslettersController } from './newsletters.controller.js';
import { NewslettersRepository } from './newsletters.repository.js';
import { NewslettersService } from './newsletters.service.js';

/** Needs the ArticleCatalog port bound globally (see app-ports.module.ts). */
@Module({
  controllers: [NewslettersController, ArchiveController],
  providers: [NewslettersRepository, NewslettersService, IssuesRepository, IssuesService, IssueBuilder],
  exports: [NewslettersService, IssuesService, IssueBuilder],
})
export class NewslettersModule {}
