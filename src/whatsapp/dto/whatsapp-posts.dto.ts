import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { WHATSAPP_POST_STATUSES, type WhatsAppPostStatus } from '../whatsapp.schema.js';

export class ManualPostResponse {
  @ApiProperty({ description: 'Exactly the text Postbote would post; paste it into the channel' }) text!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The image to attach (the text is its caption), if any' })
  imageUrl!: string | null;
}

export class WhatsAppPostResponse {
  @ApiProperty() id!: string;
  @ApiProperty() newsletterId!: string;
  @ApiProperty({ enum: ['article', 'issue'] }) kind!: 'article' | 'issue';
  @ApiProperty() itemId!: string;
  @ApiProperty({ description: '…@newsletter id, or invite:<code> until resolved' }) channelId!: string;
  @ApiProperty({ enum: WHATSAPP_POST_STATUSES }) status!: WhatsAppPostStatus;
  @ApiProperty({ description: 'true while a send is under way' }) sending!: boolean;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String, description: 'WhatsApp’s id of the post: set only when WhatsApp confirmed it' })
  serverId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The library’s client-side id (made before sending; proves nothing)' })
  clientMessageId!: string | null;
  @ApiProperty({ description: 'The post had an image but went out as text (see note)' }) fellBackToText!: boolean;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the last attempt failed' }) lastError!: string | null;
  @ApiProperty({ nullable: true, type: Date }) postedAt!: Date | null;
  @ApiProperty({ nullable: true, type: String, description: 'Who marked it posted by hand' }) postedManuallyBy!: string | null;
  @ApiPropertyOptional({ type: ManualPostResponse, nullable: true, description: 'For a post not (yet) posted: what to post by hand' })
  manual?: ManualPostResponse | null;
}

export class WhatsAppQueueResponse {
  @ApiProperty({ enum: ['running', 'paused'] }) state!: 'running' | 'paused';
  @ApiProperty({ nullable: true, type: String, example: 'library or account problem: the account is only a subscriber of channel "Huawei-News"…' })
  reason!: string | null;
  @ApiProperty({ nullable: true, enum: ['canary', 'uncertain-posts', 'admin'], description: 'canary: resumes by itself once the check passes again' })
  pausedBy!: 'canary' | 'uncertain-posts' | 'admin' | null;
  @ApiProperty({ nullable: true, type: Date }) pausedAt!: Date | null;
  @ApiProperty({ nullable: true, type: String, description: 'The last failed check before posting' }) canaryError!: string | null;
  @ApiProperty({ nullable: true, type: Date }) canaryCheckedAt!: Date | null;
  @ApiProperty() consecutiveUncertain!: number;
}

export class WhatsAppIssueOutcomeResponse {
  @ApiProperty({ type: WhatsAppQueueResponse }) queue!: WhatsAppQueueResponse;
  @ApiProperty({ type: [WhatsAppPostResponse] }) posts!: WhatsAppPostResponse[];
}

export class MarkPostedDto {
  @ApiPropertyOptional({ example: 'Seen in the channel at 08:02', description: 'Kept in the audit log' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;
}

export class PauseQueueDto {
  @ApiProperty({ example: 'WhatsApp Web update, waiting for a library fix' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}
