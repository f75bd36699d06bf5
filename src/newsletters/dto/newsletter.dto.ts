import { ApiProperty, ApiPropertyOptional, PartialType, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf, ValidateNested,
} from 'class-validator';
import { NoControlCharacters } from '#src/validation/no-control-characters.js';

/** class-validator skips nested validation of a missing object, so say what is missing here. */
const FOOTER_REQUIRED = 'footer.imprint and footer.responsibleEditor are required (Impressum, § 5 DDG; responsible editor, § 18 (2) MStV)';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export class NewsletterFooterDto {
  @ApiProperty({ description: 'Impressum: publisher name and postal address (§ 5 DDG)' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @NoControlCharacters({ lineBreaks: 'allowed' })
  imprint!: string;

  @ApiProperty({ description: 'Responsible editor (§ 18 (2) MStV)' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @NoControlCharacters()
  responsibleEditor!: string;

  @ApiPropertyOptional({ example: '*provisionierte Affiliate-Links' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @NoControlCharacters({ lineBreaks: 'allowed' })
  affiliateDisclosure?: string;
}

export class CreateNewsletterDto {
  @ApiProperty({ example: 'huawei', description: 'Immutable; lower-case letters, digits and "-"' })
  @Matches(SLUG, { message: 'slug must be lower-case letters, digits and "-" (at most 64)' })
  slug!: string;

  @ApiProperty({ example: 'Huawei-News' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @NoControlCharacters()
  name!: string;

  @ApiPropertyOptional({ description: 'Shown on the subscribe page' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @NoControlCharacters({ lineBreaks: 'allowed' })
  description?: string;

  @ApiPropertyOptional({ type: [String], example: ['huawei'], description: 'Tag slugs, any-of; empty = every article' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(SLUG, { each: true, message: 'each tag must be a tag slug' })
  tags?: string[];

  @ApiPropertyOptional({ default: 5 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30)
  maxArticles?: number;

  @ApiPropertyOptional({ enum: ['de', 'en'], default: 'de' })
  @IsOptional()
  @IsIn(['de', 'en'])
  locale?: 'de' | 'en';

  @ApiProperty({ example: 'Example News' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @NoControlCharacters()
  senderName!: string;

  @ApiProperty({ example: 'newsletter@news.example.de' })
  @IsEmail()
  senderAddress!: string;

  @ApiPropertyOptional({ example: 'redaktion@news.example.de' })
  @IsOptional()
  @IsEmail()
  replyTo?: string;

  @ApiPropertyOptional({ example: '{{newsletter}}: {{firstTitle}}{{#if moreCount}} und {{moreCount}} weitere{{/if}}' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @NoControlCharacters()
  subjectTemplate?: string;

  @ApiProperty({ type: NewsletterFooterDto, description: 'The legal footer every mail and archive page carries; required' })
  @IsDefined({ message: FOOTER_REQUIRED })
  @ValidateNested()
  @Type(() => NewsletterFooterDto)
  footer!: NewsletterFooterDto;

  @ApiPropertyOptional({ enum: ['digest'], default: 'digest' })
  @IsOptional()
  @IsIn(['digest'])
  templateName?: 'digest';

  @ApiPropertyOptional({ type: [String], enum: ['email', 'whatsapp'], default: ['email'] })
  @IsOptional()
  @IsArray()
  @IsIn(['email', 'whatsapp'], { each: true })
  channels?: ('email' | 'whatsapp')[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ default: 1, description: 'A schedule slot with fewer unsent articles is skipped' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30)
  minArticles?: number;

  @ApiPropertyOptional({ enum: ['auto', 'approval'], default: 'auto', description: 'approval: slot issues wait for POST /api/issues/:id/approve' })
  @IsOptional()
  @IsIn(['auto', 'approval'], { message: 'approvalMode must be auto or approval' })
  approvalMode?: 'auto' | 'approval';

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Minutes a draft may wait for approval before it expires unsent' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  approvalDeadlineMinutes?: number | null;
}

export class UpdateNewsletterDto extends PartialType(OmitType(CreateNewsletterDto, ['slug', 'footer'] as const)) {
  /** May be left out, never removed: `null` would leave every mail without its legal footer. */
  @ApiPropertyOptional({ type: NewsletterFooterDto, description: 'Replaces the whole footer; cannot be removed' })
  @ValidateIf((dto: UpdateNewsletterDto) => dto.footer !== undefined)
  @IsDefined({ message: FOOTER_REQUIRED })
  @ValidateNested()
  @Type(() => NewsletterFooterDto)
  footer?: NewsletterFooterDto;
}

export class NewsletterResponse {
  @ApiProperty() id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty() maxArticles!: number;
  @ApiProperty({ enum: ['de', 'en'] }) locale!: 'de' | 'en';
  @ApiProperty() senderName!: string;
  @ApiProperty() senderAddress!: string;
  @ApiProperty({ nullable: true, type: String }) replyTo!: string | null;
  @ApiProperty() subjectTemplate!: string;
  @ApiProperty({ type: NewsletterFooterDto }) footer!: NewsletterFooterDto;
  @ApiProperty() templateName!: string;
  @ApiProperty({ type: [String] }) channels!: string[];
  @ApiProperty() enabled!: boolean;
  @ApiProperty() minArticles!: number;
  @ApiProperty({ enum: ['auto', 'approval'] }) approvalMode!: 'auto' | 'approval';
  @ApiProperty({ nullable: true, type: Number }) approvalDeadlineMinutes!: number | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}
