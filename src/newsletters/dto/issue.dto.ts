import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { WhatsAppIssueOutcomeResponse } from '#src/whatsapp/dto/whatsapp-posts.dto.js';

export class IssueStatsResponse {
  @ApiProperty({ nullable: true, type: Number, description: 'null while recipients are being resolved' }) recipients!: number | null;
  @ApiProperty({ description: 'true while the recipients of a sending issue are still being resolved' }) resolvingRecipients!: boolean;
  @ApiProperty({ description: 'recipients resolved into the ledger so far ("resolving recipients: N so far")' }) recipientsSoFar!: number;
  @ApiProperty() queued!: number;
  @ApiProperty() sent!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty({ description: 'rejected for policy reasons (5.7.x): a sender-side problem, see the alert log' }) policyRejected!: number;
  @ApiProperty() skipped!: number;
  @ApiProperty({ description: 'recipients of this issue with a bounce or complaint since it started sending' }) bounced!: number;
  @ApiProperty({ description: 'recipients who received it and can no longer receive the newsletter' }) unsubscribedSince!: number;
}

export class IssueResponse {
  @ApiProperty() id!: string;
  @ApiProperty() newsletterId!: string;
  @ApiProperty({ nullable: true, type: String }) slotKey!: string | null;
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: ['draft', 'sending', 'sent', 'cancelled'] }) status!: string;
  @ApiProperty() articleCount!: number;
  @ApiProperty({ type: [String] }) articleIds!: string[];
  @ApiProperty() archiveUrl!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) sendStartedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) finishedAt!: Date | null;
  @ApiPropertyOptional({ type: IssueStatsResponse }) stats?: IssueStatsResponse;
  @ApiPropertyOptional({ type: WhatsAppIssueOutcomeResponse, nullable: true, description: 'The WhatsApp channel posts of this issue; null when it has none' })
  whatsapp?: WhatsAppIssueOutcomeResponse | null;
}
