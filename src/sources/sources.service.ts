import { randomBytes } from 'node:crypto';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { AppConfig } from '#src/config/app-config.js';
import { DEFAULT_POLL_INTERVAL_SECONDS, type CreateSourceDto, type CreatedSourceResponse, type SourceResponse, type UpdateSourceDto } from './dto/source.dto.js';
import { compileAdminPattern, PatternSyntaxError } from './boilerplate-pattern.js';
import { PollSchedulerService } from './poll-scheduler.service.js';
import { literalAddressReason } from './ssrf-guard.js';
import type { SourceRow } from './sources.schema.js';
import { SourcesRepository, type SourceSettings } from './sources.repository.js';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Source administration: validation beyond the DTO, secrets, and the first poll's schedule. */
@Injectable()
export class SourcesService {
  constructor(
    private readonly sources: SourcesRepository,
    private readonly scheduler: PollSchedulerService,
    private readonly config: AppConfig,
  ) {}

  async create(dto: CreateSourceDto): Promise<CreatedSourceResponse> {
    if (dto.kind !== 'webhook' && !dto.url) throw new BadRequestException(['url is required for rss and wordpress sources']);
    const webhookSecret = randomBytes(32).toString('hex');
    const row = await this.sources.create({
      ...this.settings(dto),
      name: dto.name,
      kind: dto.kind,
      pollIntervalSeconds: dto.pollIntervalSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS,
      enabled: dto.enabled ?? true,
      webhookSecret,
      nextPollAt: dto.kind === 'webhook' ? null : new Date(),
    });
    await this.scheduler.schedule(row);
    return { ...this.toResponse(row), webhookSecret };
  }

  async list(): Promise<SourceResponse[]> {
    return (await this.sources.listAll()).map((row) => this.toResponse(row));
  }

  async get(id: string): Promise<SourceResponse> {
    return this.toResponse(await this.require(id));
  }

  async update(id: string, dto: UpdateSourceDto): Promise<SourceResponse> {
    const before = await this.require(id);
    const settings = this.settings(dto);
    const row = await this.sources.update(id, settings, new Date());
    if (!row) throw new NotFoundException(`no source with id ${id}`);
    // What the fetch returns (or what is kept of it) changed: the next poll must read in full.
    if (dto.url !== undefined || dto.headers !== undefined || dto.tagFilter !== undefined || dto.boilerplatePatterns !== undefined) {
      await this.sources.resetFetchState(id);
    }
    if (row.enabled && !before.enabled) await this.scheduler.schedule(row);
    return this.toResponse(row);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.sources.delete(id))) throw new NotFoundException(`no source with id ${id}`);
  }

  async require(id: string): Promise<SourceRow> {
    const row = await this.sources.findById(id);
    if (!row) throw new NotFoundException(`no source with id ${id}`);
    return row;
  }

  private settings(dto: UpdateSourceDto): Partial<SourceSettings> {
    if (dto.url !== undefined) this.checkUrl(dto.url);
    if (dto.headers !== undefined) checkHeaders(dto.headers);
    if (dto.boilerplatePatterns !== undefined) checkPatterns(dto.boilerplatePatterns);
    const { name, url, pollIntervalSeconds, enabled, tagFilter, headers, boilerplatePatterns } = dto;
    return Object.fromEntries(
      Object.entries({ name, url, pollIntervalSeconds, enabled, tagFilter, headers, boilerplatePatterns }).filter(([, v]) => v !== undefined),
    );
  }

  /** Literal private addresses are refused up front; host names are checked at every connect. */
  private checkUrl(url: string): void {
    if (this.config.sources.allowPrivate) return;
    const reason = literalAddressReason(new URL(url).hostname);
    if (reason) throw new BadRequestException([`url: ${reason}; set ALLOW_PRIVATE_SOURCES=true to allow it`]);
  }

  private toResponse(row: SourceRow): SourceResponse {
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      url: row.url,
      pollIntervalSeconds: row.pollIntervalSeconds,
      enabled: row.enabled,
      tagFilter: row.tagFilter,
      headerNames: Object.keys(row.headers ?? {}),
      boilerplatePatterns: row.boilerplatePatterns,
      webhookUrl: `${this.config.http.publicUrl}/hooks/sources/${row.id}`,
      health: {
        lastAttemptAt: row.lastAttemptAt,
        lastSuccessAt: row.lastSuccessAt,
        lastErrorAt: row.lastErrorAt,
        lastError: row.lastError,
        consecutiveFailures: row.consecutiveFailures,
        nextPollAt: row.kind === 'webhook' || !row.enabled ? null : row.nextPollAt,
        warnings: row.lastWarnings ?? [],
        warningsAt: row.lastWarningsAt,
      },
      createdAt: row.createdAt,
    };
  }
}

function checkHeaders(headers: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) throw new BadRequestException([`headers: "${name}" is not a valid header name`]);
    if (typeof value !== 'string' || /[\r\n]/.test(value)) throw new BadRequestException([`headers.${name} must be a single-line string`]);
  }
}

function checkPatterns(patterns: readonly string[]): void {
  patterns.forEach((pattern, i) => {
    try {
      compileAdminPattern(pattern);
    } catch (error) {
      const reason = error instanceof PatternSyntaxError ? error.message : String(error);
      throw new BadRequestException([`boilerplatePatterns[${i}] is not a valid regular expression (RE2 syntax, no lookaround or backreferences): ${reason}`]);
    }
  });
}
