import { Body, Controller, Get, HttpCode, NotFoundException, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireRole } from '#src/auth/roles.js';
import { PairingCodeDto, PairingCodeResponse, WhatsAppChannelResponse, WhatsAppStatusResponse } from './dto/whatsapp.dto.js';
import { WhatsAppAdminService } from './whatsapp-admin.service.js';

@ApiTags('whatsapp')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('api/whatsapp')
export class WhatsAppController {
  constructor(private readonly admin: WhatsAppAdminService) {}

  @Get('status')
  async status(): Promise<WhatsAppStatusResponse> {
    const { status, lastError, qrAvailable, holder } = await this.admin.status();
    return { status, lastError, qrAvailable, holder };
  }

  /** The pending login QR code as PNG; 404 when none is pending. */
  @Get('qr')
  @ApiProduces('image/png')
  @ApiOkResponse({ description: 'PNG image of the QR code to scan' })
  async qr(@Res() res: Response): Promise<void> {
    const png = await this.admin.qrPng();
    if (!png) throw new NotFoundException('no WhatsApp login QR code is pending');
    res.setHeader('cache-control', 'no-store');
    res.type('image/png').send(png);
  }

  @Post('pairing-code')
  @HttpCode(200)
  async pairingCode(@Body() body: PairingCodeDto): Promise<PairingCodeResponse> {
    return { code: await this.admin.pairingCode(body.phone) };
  }

  @Get('channels')
  async channels(): Promise<WhatsAppChannelResponse[]> {
    return this.admin.channels();
  }
}
