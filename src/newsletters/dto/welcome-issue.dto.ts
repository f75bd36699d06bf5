import { BadRequestException } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { WelcomeIssue } from '../issue-builder.js';

export const MAX_WELCOME_ARTICLES = 30;

/**
 * Body of send-now and of building an issue, query of preview. A newsletter normally carries only articles published
 * after it was created; a welcome issue is the editor's explicit choice to send the latest N.
 */
export class WelcomeIssueDto {
  @ApiPropertyOptional({
    default: false,
    description:
      'A welcome issue: the latest unsent articles, also those published before the newsletter was created (otherwise left out, so a first issue does not carry the back catalogue)',
  })
  @IsOptional()
  // Query strings arrive as text; only the two words count, anything else fails IsBoolean.
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'welcome must be true or false' })
  welcome?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_WELCOME_ARTICLES, description: "Articles in a welcome issue (only with welcome: true); default: the newsletter's maximum" })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'articles must be a whole number' })
  @Min(1)
  @Max(MAX_WELCOME_ARTICLES)
  articles?: number;
}


/** undefined for an ordinary issue; `articles` alone is a mistake worth naming. */
export function toWelcomeRequest(dto: WelcomeIssueDto | undefined): WelcomeIssue | undefined {
  if (dto?.articles !== undefined && dto.welcome !== true) throw new BadRequestException(['articles: only allowed with "welcome": true']);
  return dto?.welcome ? { articles: dto.articles } : undefined;
}
