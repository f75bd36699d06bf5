import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import type { ArticleStatus } from '#src/sources/normalized-article.js';

export class ListArticlesQuery {
  @ApiPropertyOptional({ example: 'huawei', description: 'Tag slug; several comma-separated match any of them' })
  @IsOptional()
  @Matches(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, { message: 'tag must be tag slugs separated by commas' })
  tag?: string;

  @ApiPropertyOptional({ example: '2026-11-24T00:00:00Z', description: 'Published at or after this instant' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 date' })
  since?: string;

  @ApiPropertyOptional({ enum: ['published', 'withdrawn'] })
  @IsOptional()
  @IsIn(['published', 'withdrawn'], { message: 'status must be published or withdrawn' })
  status?: ArticleStatus;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class TermResponse {
  @ApiProperty() name!: string;
  @ApiProperty() slug!: string;
}

export class ArticleResponse {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() url!: string;
  @ApiProperty() excerpt!: string;
  @ApiPropertyOptional({ nullable: true }) imageUrl!: string | null;
  @ApiPropertyOptional({ nullable: true }) imageAlt!: string | null;
  @ApiPropertyOptional({ nullable: true }) imageCredit!: string | null;
  @ApiPropertyOptional({ nullable: true }) author!: string | null;
  @ApiPropertyOptional({ nullable: true }) language!: string | null;
  @ApiProperty() publishedAt!: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) modifiedAt!: Date | null;
  @ApiProperty({ type: [TermResponse] }) tags!: TermResponse[];
  @ApiProperty({ type: [TermResponse] }) categories!: TermResponse[];
  @ApiProperty({ enum: ['published', 'withdrawn'] }) status!: ArticleStatus;
  @ApiPropertyOptional({ nullable: true, type: Date, description: 'When article.published was raised' }) announcedAt!: Date | null;
  @ApiProperty() firstSeenAt!: Date;
}

export class ArticlePageResponse {
  @ApiProperty({ type: [ArticleResponse] }) items!: ArticleResponse[];
  @ApiPropertyOptional({ nullable: true, description: 'Pass as cursor for the next (older) page' }) nextCursor!: string | null;
}
