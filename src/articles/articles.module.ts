import { Module } from '@nestjs/common';
import { ArticleCatalog } from './article-catalog.js';
import { ArticleIngestRepository } from './article-ingest.repository.js';
import { ArticlesCatalogService } from './articles-catalog.service.js';
import { ArticlesRepository } from './articles.repository.js';

@Module({
  providers: [ArticlesRepository, ArticleIngestRepository, { provide: ArticleCatalog, useClass: ArticlesCatalogService }],
  exports: [ArticleCatalog],
})
export class ArticlesModule {}
