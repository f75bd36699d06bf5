import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail } from 'class-validator';

export const MAX_TEST_RECIPIENTS = 10;

export class TestSendDto {
  @ApiProperty({ type: [String], example: ['redaktion@example.de'], maxItems: MAX_TEST_RECIPIENTS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TEST_RECIPIENTS, { message: `to must contain at most ${MAX_TEST_RECIPIENTS} addresses` })
  @IsEmail({}, { each: true, message: 'to must contain only valid email addresses' })
  to!: string[];
}
