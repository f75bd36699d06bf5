import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiTokensService } from './api-tokens.service.js';
import { CreateTokenDto } from './dto/create-token.dto.js';
import { CreatedTokenResponse, TokenSummaryResponse } from './dto/token.response.js';
import { RequireRole } from './roles.js';

@ApiTags('tokens')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('api/tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Post()
  async create(@Body() body: CreateTokenDto): Promise<CreatedTokenResponse> {
    const { token, summary } = await this.tokens.create(body.name, body.role);
    return { ...summary, token };
  }

  @Get()
  async list(): Promise<TokenSummaryResponse[]> {
    return this.tokens.list();
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@Param('id') id: string): Promise<void> {
    await this.tokens.revoke(id);
  }
}
