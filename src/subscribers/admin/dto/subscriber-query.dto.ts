import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDate, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { SUBSCRIBER_STATUSES, type SubscriberStatus } from '#src/subscribers/subscribers.schema.js';

export class SubscriberFilterDto {
  @ApiPropertyOptional({ enum: SUBSCRIBER_STATUSES })
  @IsOptional()
  @IsIn(SUBSCRIBER_STATUSES)
  status?: SubscriberStatus;

  @ApiPropertyOptional({ description: 'newsletter slug' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]*$/, { message: 'newsletter must be a slug (a-z, 0-9, -)' })
  newsletter?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  createdFrom?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  createdTo?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  confirmedFrom?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  confirmedTo?: Date;

  @ApiPropertyOptional({ description: 'substring of email or name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class SubscriberSearchDto extends SubscriberFilterDto {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** Query words for yes and no; anything else stays as it is and fails @IsBoolean. */
const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value);

export class SubscriberExportDto extends SubscriberFilterDto {
  @ApiPropertyOptional({ enum: [',', ';'], default: ',', description: '";" opens correctly in German Excel' })
  @IsOptional()
  @IsIn([',', ';'], { message: 'delimiter must be "," or ";"' })
  delimiter?: ',' | ';';

  @ApiPropertyOptional({ type: Boolean, default: true, description: 'Start with a UTF-8 byte order mark, so Excel reads umlauts correctly' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'bom must be true or false' })
  bom?: boolean;
}
