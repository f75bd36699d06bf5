import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { WHATSAPP_POST_MODES, type WhatsAppPostMode } from '../whatsapp.schema.js';
import type { WhatsAppStatus } from '../whatsapp-session.js';

export class PutWhatsAppTargetDto {
  @ApiProperty({
    example: 'https://whatsapp.com/channel/0029VaAbCdEfGhIjKlMnOp12',
    description: 'Channel id (…@newsletter), invite code or invite link',
  })
  @IsString()
  @Length(1, 300)
  target!: string;

  @ApiProperty({ enum: WHATSAPP_POST_MODES, description: 'One post per article, or one digest post per issue' })
  @IsIn(WHATSAPP_POST_MODES, { message: 'mode must be per-article or digest' })
  mode!: WhatsAppPostMode;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class WhatsAppTargetResponse {
  @ApiProperty() newsletterId!: string;
  @ApiProperty() target!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Resolved …@newsletter id; null until an invite code is resolved' })
  channelId!: string | null;
  @ApiProperty({ enum: WHATSAPP_POST_MODES }) mode!: WhatsAppPostMode;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ nullable: true, type: String }) resolveError!: string | null;
}

export class PairingCodeDto {
  @ApiProperty({ example: '4915112345678', description: 'The account’s number, international, digits only' })
  @IsString()
  @Matches(/^\+?[\d\s()-]{7,20}$/, { message: 'phone must be an international phone number such as 4915112345678' })
  phone!: string;
}

export class PairingCodeResponse {
  @ApiProperty({ example: 'ABCD1234', description: 'Type it on the phone: Linked devices → Link with phone number' })
  code!: string;
}

export class WhatsAppStatusResponse {
  @ApiProperty({ enum: ['disabled', 'starting', 'qr', 'authenticated', 'ready', 'disconnected', 'blocked', 'needs-pairing'] })
  status!: WhatsAppStatus;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty() qrAvailable!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'The process running the session' }) holder!: string | null;
}

export class WhatsAppChannelResponse {
  @ApiProperty({ example: '120363012345678901@newsletter' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['owner', 'admin'] }) role!: 'owner' | 'admin';
}
