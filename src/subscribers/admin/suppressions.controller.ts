import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AddSuppressionDto } from './dto/subscriber-update.dto.js';
import { SubscribersAdminService } from './subscribers-admin.service.js';

/** Registered before the subscribers controller so `/suppressions` is not read as an id. */
@ApiTags('subscribers')
@ApiBearerAuth()
@Controller('api/subscribers/suppressions')
export class SuppressionsController {
  constructor(private readonly service: SubscribersAdminService) {}

  @Get()
  list(@Query('cursor') cursor: unknown, @Query('limit') limit: unknown) {
    const size = Math.min(Math.max(Number(limit) || 100, 1), 1000);
    return this.service.listSuppressions(typeof cursor === 'string' ? cursor : undefined, size);
  }

  @Post()
  add(@Body() dto: AddSuppressionDto) {
    return this.service.addSuppression(dto.email);
  }

  /** `:key` is a hash from the list or an email address. */
  @Delete(':key')
  @HttpCode(204)
  async remove(@Param('key') key: string): Promise<void> {
    await this.service.removeSuppression(key);
  }
}
