import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '#src/auth/roles.js';
import { ArticlesService } from './articles.service.js';
import { ArticlePageResponse, ArticleResponse, ListArticlesQuery } from './dto/article.dto.js';

@ApiTags('articles')
@ApiBearerAuth()
@RequireRole('editor')
@Controller('api/articles')
export class ArticlesController {
  constructor(private readonly articles: ArticlesService) {}

  @Get()
  async list(@Query() query: ListArticlesQuery): Promise<ArticlePageResponse> {
    return this.articles.list(query);
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<ArticleResponse> {
    return this.articles.get(id);
  }
}
