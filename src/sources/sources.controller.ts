import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '#src/auth/roles.js';
import { CreatedSourceResponse, CreateSourceDto, SourceResponse, SyncResponse, UpdateSourceDto } from './dto/source.dto.js';
import { SourcePollerService } from './source-poller.service.js';
import { SourcesService } from './sources.service.js';

@ApiTags('sources')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('api/sources')
export class SourcesController {
  constructor(
    private readonly sources: SourcesService,
    private readonly poller: SourcePollerService,
  ) {}

  @Post()
  async create(@Body() body: CreateSourceDto): Promise<CreatedSourceResponse> {
    return this.sources.create(body);
  }

  @Get()
  async list(): Promise<SourceResponse[]> {
    return this.sources.list();
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<SourceResponse> {
    return this.sources.get(id);
  }

  @Patch(':id')
  async update(@Param('id') id: string, @Body() body: UpdateSourceDto): Promise<SourceResponse> {
    return this.sources.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.sources.remove(id);
  }

  /** Polls now (also a disabled source) and reports what it found. */
  @Post(':id/sync')
  @HttpCode(200)
  async sync(@Param('id') id: string): Promise<SyncResponse> {
    await this.sources.require(id);
    return this.poller.poll(id, 'manual');
  }
}
