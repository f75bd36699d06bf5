import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '#src/auth/current-principal.decorator.js';
import type { Principal } from '#src/auth/roles.js';
import { CsvImportError } from '#src/subscribers/import/csv-header.js';
import type { ImportMode } from '#src/subscribers/import/subscriber-import.types.js';
import { SubscriberExportDto, SubscriberFilterDto, SubscriberSearchDto } from './dto/subscriber-query.dto.js';
import { ChangeStatusDto, UpdateSubscriberDto } from './dto/subscriber-update.dto.js';
import { withMultipartFile } from './multipart-import.js';
import { SubscriberImportService } from './subscriber-import.service.js';
import { SubscribersAdminService } from './subscribers-admin.service.js';
import type { SubscriberFilter } from './subscribers-admin.repository.js';

const IMPORT_MODES: readonly ImportMode[] = ['consent-documented', 'send-confirmation'];

/** The multipart body in /docs-json, so clients can be generated; the order of the parts matters. */
const IMPORT_BODY_SCHEMA = {
  type: 'object',
  description: 'Send the text fields first and the part "file" last: the file is streamed, and the fields must be known when it starts.',
  required: ['mode', 'file'],
  properties: {
    mode: { type: 'string', enum: [...IMPORT_MODES], description: 'consent-documented: you hold proof of consent (note required); send-confirmation: each new address gets a double opt-in mail' },
    note: { type: 'string', maxLength: 4096, description: 'Where the consent was given (required for consent-documented), e.g. "Printabo-Formular 2024"' },
    dryRun: { type: 'string', enum: ['true', 'false', '1', '0'], default: 'false', description: 'Check and report without storing' },
    file: { type: 'string', format: 'binary', description: 'CSV (UTF-8, "," or ";"), header row with email and optionally name, newsletters' },
  },
};

function toFilter(dto: SubscriberFilterDto): SubscriberFilter {
  const { q, status, newsletter, createdFrom, createdTo, confirmedFrom, confirmedTo } = dto;
  return { text: q, status, newsletter, createdFrom, createdTo, confirmedFrom, confirmedTo };
}

@ApiTags('subscribers')
@ApiBearerAuth()
@Controller('api/subscribers')
export class SubscribersAdminController {
  constructor(
    private readonly service: SubscribersAdminService,
    private readonly imports: SubscriberImportService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Search and filter subscribers (newest first, cursor pagination) with counts' })
  search(@Query() query: SubscriberSearchDto) {
    return this.service.search(toFilter(query), query.cursor, query.limit ?? 50);
  }

  @Get('export.csv')
  @ApiOperation({ summary: 'CSV export of the filtered subscribers (formula-safe)' })
  exportCsv(@Query() query: SubscriberExportDto, @Res() res: Response): void {
    res.set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="subscribers.csv"', 'Cache-Control': 'no-store' });
    this.service.exportCsv(toFilter(query), { delimiter: query.delimiter, bom: query.bom }).pipe(res);
  }

  @Post('import')
  @ApiConsumes('multipart/form-data')
  @ApiOperation({ summary: 'Streamed CSV import: fields mode, dryRun, note, then the part "file"' })
  @ApiBody({ schema: IMPORT_BODY_SCHEMA })
  @HttpCode(200)
  async import(@Req() req: Request, @CurrentPrincipal() principal: Principal) {
    try {
      return await withMultipartFile(req, ({ fields, file }) => {
        const mode = fields.mode as ImportMode;
        if (!IMPORT_MODES.includes(mode)) throw new BadRequestException(`mode: must be ${IMPORT_MODES.join(' or ')}`);
        const dryRun = fields.dryRun === 'true' || fields.dryRun === '1';
        return this.imports.import(file, { mode, dryRun, note: fields.note, importedBy: principal.name });
      });
    } catch (error) {
      if (error instanceof CsvImportError) throw new BadRequestException(error.message);
      throw error;
    }
  }

  @Get(':id')
  @ApiOperation({ summary: 'One subscriber with consent history and delivery history' })
  get(@Param('id') id: string) {
    return this.service.get(id);
  }

  @Patch(':id')
  update(@Param('id') id: string, @Body() dto: UpdateSubscriberDto) {
    return this.service.update(id, dto);
  }

  @Post(':id/status')
  @HttpCode(200)
  changeStatus(@Param('id') id: string, @Body() dto: ChangeStatusDto) {
    return this.service.changeStatus(id, dto.status, dto.note);
  }

  @Get(':id/export')
  @ApiOperation({ summary: 'GDPR: all data held about the person (JSON)' })
  exportPerson(@Param('id') id: string) {
    return this.service.exportPersonalData(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'GDPR erasure: keeps only the suppression hash and anonymous counts' })
  async erase(@Param('id') id: string): Promise<void> {
    await this.service.erase(id);
  }
}
