import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import type { ScheduleInput } from '../schedule-spec.js';
import { SCHEDULE_KINDS, type ScheduleKind } from '../schedules.schema.js';

/** The shape is checked here; the meaning (cron fields, zone, range) by parseSchedule, which names the field. */
export class ScheduleDto {
  @ApiProperty({ enum: SCHEDULE_KINDS })
  @IsIn(SCHEDULE_KINDS, { message: `kind must be one of ${SCHEDULE_KINDS.join(', ')}` })
  kind!: ScheduleKind;

  @ApiPropertyOptional({ example: '0 7 * * *', description: 'kind=cron: 5 fields (minute hour day-of-month month day-of-week)' })
  @ValidateIf((o: ScheduleDto) => o.kind === 'cron' || o.expression !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  expression?: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin', description: 'kind=cron: IANA time zone' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  timeZone?: string;

  @ApiPropertyOptional({ example: 15, description: 'kind=on-publish: batch articles arriving within N minutes' })
  @IsOptional()
  @IsInt()
  quietPeriodMinutes?: number;

  @ApiPropertyOptional({
    example: 45,
    description: 'kind=on-publish: send at the latest this many minutes after the first article of a quiet window, even if articles keep arriving; from quietPeriodMinutes to 4320, default 3 × quietPeriodMinutes',
  })
  @IsOptional()
  @IsInt()
  maxWaitMinutes?: number;

  @ApiPropertyOptional({ example: '2026-12-01T07:00:00+01:00', description: 'kind=at: ISO 8601 with offset' })
  @ValidateIf((o: ScheduleDto) => o.kind === 'at' || o.at !== undefined)
  @IsString()
  @IsNotEmpty()
  at?: string;
}

export function toScheduleInput(dto: ScheduleDto): ScheduleInput {
  switch (dto.kind) {
    case 'cron':
      return { kind: 'cron', expression: dto.expression ?? '', timeZone: dto.timeZone };
    case 'on-publish':
      return { kind: 'on-publish', quietPeriodMinutes: dto.quietPeriodMinutes, maxWaitMinutes: dto.maxWaitMinutes };
    case 'at':
      return { kind: 'at', at: dto.at ?? '' };
  }
}
