import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import type { Role } from '../roles.js';

export class CreateTokenDto {
  @ApiProperty({ example: 'ops', description: 'What or who the token is for' })
  @IsString()
  @Length(1, 100)
  @Matches(/^[^\p{C}]+$/u, { message: 'name must not contain control characters' })
  name!: string;

  @ApiProperty({ enum: ['admin', 'editor'] })
  @IsIn(['admin', 'editor'], { message: 'role must be admin or editor' })
  role!: Role;
}
