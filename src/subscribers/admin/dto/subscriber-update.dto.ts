import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateBy, ValidateIf } from 'class-validator';
import { MAX_NAME_LENGTH, nameViolation, nameViolationDetail } from '#src/subscribers/subscriber-name.js';

/**
 * The subscriber-name rule of every other way in (subscriber-name.ts), on the trimmed value that
 * is stored, so the API cannot store a name /subscribe or a CSV import refuses.
 */
function IsSubscriberName(): PropertyDecorator {
  const violationOf = (value: unknown) => (typeof value === 'string' ? nameViolation(value.trim()) : undefined);
  return ValidateBy({
    name: 'isSubscriberName',
    validator: {
      validate: (value) => violationOf(value) === undefined,
      defaultMessage: (args) => nameViolationDetail(violationOf(args?.value) ?? 'too-long'),
    },
  });
}

export class UpdateSubscriberDto {
  @ApiPropertyOptional({ nullable: true, maxLength: MAX_NAME_LENGTH, description: 'trimmed; no control characters' })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsString()
  @IsSubscriberName()
  name?: string | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(/^[a-z0-9][a-z0-9-]*$/, { each: true, message: 'newsletters must be slugs (a-z, 0-9, -)' })
  newsletters?: string[];
}

export const ADMIN_STATUS_TARGETS = ['pending', 'unsubscribed', 'bounced', 'complained'] as const;
export type AdminStatusTarget = (typeof ADMIN_STATUS_TARGETS)[number];

export class ChangeStatusDto {
  @ApiProperty({ enum: ADMIN_STATUS_TARGETS, description: '`active` is reached only by the confirmation click; `pending` sends a new confirmation mail' })
  @IsIn(ADMIN_STATUS_TARGETS, { message: `status must be one of ${ADMIN_STATUS_TARGETS.join(', ')} (active only through double opt-in)` })
  status!: AdminStatusTarget;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class AddSuppressionDto {
  @ApiProperty()
  @IsString()
  @IsEmail({}, { message: 'email must be an email address' })
  email!: string;
}
