import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Role } from '../roles.js';

export class TokenSummaryResponse {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['admin', 'editor'] }) role!: Role;
  @ApiProperty({ description: 'First characters of the token, to recognise it' }) prefix!: string;
  @ApiProperty() createdAt!: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) lastUsedAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) revokedAt!: Date | null;
}

export class CreatedTokenResponse extends TokenSummaryResponse {
  @ApiProperty({ description: 'The secret. Shown only in this response; store it now.' })
  token!: string;
}
