import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import type { ImportMode } from '#src/subscribers/import/subscriber-import.types.js';

/** One reader added by an admin: the consent source is required, as for a CSV import. */
export class CreateSubscriberDto {
  @ApiProperty({ example: 'leser@example.de' })
  @IsString()
  @MaxLength(320)
  email!: string;

  @ApiPropertyOptional({ example: 'Lea Leser' })
  @IsOptional()
  @IsString()
  name?: string;

  @ApiProperty({ type: [String], example: ['huawei'] })
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  newsletters!: string[];

  @ApiProperty({ enum: ['consent-documented', 'send-confirmation'], description: 'consent-documented: active at once (note says where consent was given); send-confirmation: a double opt-in mail goes out' })
  @IsIn(['consent-documented', 'send-confirmation'], { message: 'consent must be consent-documented or send-confirmation' })
  consent!: ImportMode;

  @ApiPropertyOptional({ description: 'Where and when the reader consented; required for consent-documented' })
  @ValidateIf((dto: CreateSubscriberDto) => dto.consent === 'consent-documented' || dto.note !== undefined)
  @IsString({ message: 'note is required for consent-documented (where and when the reader consented)' })
  @MaxLength(4096)
  note?: string;
}
