import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUrl, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import type { SourceKind } from '../sources.schema.js';

export const MIN_POLL_INTERVAL_SECONDS = 30;
export const DEFAULT_POLL_INTERVAL_SECONDS = 300;

export class CreateSourceDto {
  @ApiProperty({ example: 'Blog RSS' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: ['rss', 'wordpress', 'webhook'] })
  @IsIn(['rss', 'wordpress', 'webhook'], { message: 'kind must be rss, wordpress or webhook' })
  kind!: SourceKind;

  @ApiPropertyOptional({
    example: 'https://blog.example.de/feed/',
    description: 'Feed URL (rss), site base URL (wordpress); for webhook optional, the WordPress site to fetch "post N changed" from',
  })
  @ValidateIf((o: CreateSourceDto) => o.kind !== 'webhook' || o.url !== undefined)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL' })
  url?: string;

  @ApiPropertyOptional({ default: DEFAULT_POLL_INTERVAL_SECONDS, minimum: MIN_POLL_INTERVAL_SECONDS })
  @IsOptional()
  @IsInt()
  @Min(MIN_POLL_INTERVAL_SECONDS, { message: `pollIntervalSeconds must be at least ${MIN_POLL_INTERVAL_SECONDS}` })
  @Max(86_400)
  pollIntervalSeconds?: number;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ type: [String], example: ['huawei'], description: 'Store only articles with one of these tag slugs' })
  @IsOptional()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Matches(/^[a-z0-9-]+$/, { each: true, message: 'tagFilter entries must be tag slugs (a-z, 0-9, -)' })
  tagFilter?: string[];

  @ApiPropertyOptional({ example: { authorization: 'Basic dXNlcjpwYXNz' }, description: 'Sent with every request; stored, never returned' })
  @IsOptional()
  @IsObject()
  headers?: Record<string, string>;

  @ApiPropertyOptional({ type: [String], description: 'Regular expressions for boilerplate lines the excerpt must drop' })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  boilerplatePatterns?: string[];
}

export class UpdateSourceDto extends PartialType(OmitType(CreateSourceDto, ['kind'] as const)) {}

export class SourceHealthResponse {
  @ApiPropertyOptional({ nullable: true, type: Date }) lastAttemptAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) lastSuccessAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) lastErrorAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, description: 'Why the last poll failed' }) lastError!: string | null;
  @ApiProperty() consecutiveFailures!: number;
  @ApiPropertyOptional({ nullable: true, type: Date }) nextPollAt!: Date | null;
  @ApiProperty({
    type: [String],
    description: 'The source was read, but with these warnings: what had to be guessed, repaired or skipped in the content last read (empty when clean)',
  })
  warnings!: string[];
  @ApiPropertyOptional({ nullable: true, type: Date, description: 'When the content with these warnings was read' }) warningsAt!: Date | null;
}

export class SourceResponse {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['rss', 'wordpress', 'webhook'] }) kind!: SourceKind;
  @ApiPropertyOptional({ nullable: true }) url!: string | null;
  @ApiProperty() pollIntervalSeconds!: number;
  @ApiProperty() enabled!: boolean;
  @ApiPropertyOptional({ type: [String], nullable: true }) tagFilter!: string[] | null;
  @ApiProperty({ type: [String], description: 'Names of the stored headers; values are never returned' }) headerNames!: string[];
  @ApiPropertyOptional({ type: [String], nullable: true }) boilerplatePatterns!: string[] | null;
  @ApiProperty({ description: 'Where to POST signed webhooks for this source' }) webhookUrl!: string;
  @ApiProperty({ type: SourceHealthResponse }) health!: SourceHealthResponse;
  @ApiProperty() createdAt!: Date;
}

export class CreatedSourceResponse extends SourceResponse {
  @ApiProperty({ description: 'HMAC key for webhooks. Shown only in this response; store it now.' })
  webhookSecret!: string;
}

export class SyncResponse {
  @ApiProperty({ enum: ['ok', 'not-modified', 'failed', 'busy', 'skipped'] }) status!: string;
  @ApiProperty() found!: number;
  @ApiProperty() created!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty() announced!: number;
  @ApiProperty({ type: [String] }) warnings!: string[];
  @ApiPropertyOptional() error?: string;
}
