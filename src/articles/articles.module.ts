import { Module } from '@nestjs/common';
import { ArticlesController } from './articles.controller.js';
import { ArticlesService } from './articles.service.js';
import { ArticleCatalog } from './article-catalog.js';
import { ArticleIngestRepository } from './article-ingest.repository.js';
import { ArticleIngestService } from './article-ingest.service.js';
import { ArticlesCatalogService } from './articles-catalog.service.js';
import { ArticlesRepository } from './articles.repository.js';

@Module({
  controllers: [ArticlesController],
  providers: [ArticlesService, ArticlesRepository, ArticleIngestRepository, ArticleIngestService, { provide: ArticleCatalog, useClass: ArticlesCatalogService }],
  exports: [ArticleCatalog, ArticleIngestService],
})
export class ArticlesModule {}
