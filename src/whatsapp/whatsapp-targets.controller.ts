import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '#src/auth/roles.js';
import { PutWhatsAppTargetDto, WhatsAppTargetResponse } from './dto/whatsapp.dto.js';
import { WhatsAppTargetsService } from './whatsapp-targets.service.js';

@ApiTags('whatsapp')
@ApiBearerAuth()
@RequireRole('editor')
@Controller('api/newsletters/:id/whatsapp')
export class WhatsAppTargetsController {
  constructor(private readonly targets: WhatsAppTargetsService) {}

  @Put()
  async put(@Param('id') id: string, @Body() body: PutWhatsAppTargetDto): Promise<WhatsAppTargetResponse> {
    return this.targets.put(id, body);
  }

  @Get()
  async get(@Param('id') id: string): Promise<WhatsAppTargetResponse> {
    return this.targets.get(id);
  }

  @Delete()
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.targets.remove(id);
  }
}
