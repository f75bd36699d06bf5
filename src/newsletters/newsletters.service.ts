import { ConflictException, ForbiddenException, Injectable, NotFoundException, BadRequestException } from '@nestjs/common';
import type { Principal } from '#src/auth/roles.js';
import { Clock } from '#src/system/clock.js';
import { renderSubject } from '#src/rendering/subject-template.js';
import { RenderInputError } from '#src/rendering/rendering-errors.js';
import type { CreateNewsletterDto, NewsletterResponse, UpdateNewsletterDto } from './dto/newsletter.dto.js';
import { NewslettersRepository, type NewsletterChanges } from './newsletters.repository.js';
import type { NewsletterRow } from './newsletters.schema.js';

export const DEFAULT_SUBJECT_TEMPLATES = {
  de: '{{newsletter}}: {{firstTitle}}{{#if moreCount}} und {{moreCount}} {{plural moreCount "weiterer" "weitere"}}{{/if}}',
  en: '{{newsletter}}: {{firstTitle}}{{#if moreCount}} and {{moreCount}} more{{/if}}',
} as const;

// Who mails in the publisher's name, and the legal footer, are the publisher's (admin) decision.
const ADMIN_ONLY_FIELDS = ['senderName', 'senderAddress', 'replyTo', 'footer', 'channels', 'enabled'] as const;

export function toNewsletterResponse(row: NewsletterRow): NewsletterResponse {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    tags: row.tagSlugs,
    maxArticles: row.maxArticles,
    locale: row.locale,
    senderName: row.senderName,
    senderAddress: row.senderAddress,
    replyTo: row.replyTo,
    subjectTemplate: row.subjectTemplate,
    footer: row.footer,
    templateName: row.templateName,
    channels: row.channels,
    enabled: row.enabled,
    minArticles: row.minArticles,
    approvalMode: row.approvalMode,
    approvalDeadlineMinutes: row.approvalDeadlineMinutes,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function checkSubjectTemplate(template: string): void {
  try {
    renderSubject(template, { newsletter: 'N', firstTitle: 'T', moreCount: 2, articleCount: 3 });
  } catch (error) {
    if (error instanceof RenderInputError) throw new BadRequestException(`subjectTemplate: ${error.message.replace(/^[^:]+: /, '')}`);
    throw error;
  }
}

@Injectable()
export class NewslettersService {
  constructor(
    private readonly repository: NewslettersRepository,
    private readonly clock: Clock,
  ) {}

  async create(dto: CreateNewsletterDto): Promise<NewsletterRow> {
    const locale = dto.locale ?? 'de';
    const subjectTemplate = dto.subjectTemplate ?? DEFAULT_SUBJECT_TEMPLATES[locale];
    checkSubjectTemplate(subjectTemplate);
    const created = await this.repository.create({
      slug: dto.slug,
      name: dto.name,
      description: dto.description ?? '',
      tagSlugs: dto.tags ?? [],
      maxArticles: dto.maxArticles ?? 5,
      locale,
      senderName: dto.senderName,
      senderAddress: dto.senderAddress,
      replyTo: dto.replyTo ?? null,
      subjectTemplate,
      footer: { ...dto.footer },
      templateName: dto.templateName ?? 'digest',
      channels: dto.channels ?? ['email'],
      enabled: dto.enabled ?? true,
      minArticles: dto.minArticles ?? 1,
      approvalMode: dto.approvalMode ?? 'auto',
      approvalDeadlineMinutes: dto.approvalDeadlineMinutes ?? null,
      // The app's clock, not the database's: issues compare it with article publication times.
      createdAt: this.clock.now(),
    });
    if (!created) throw new ConflictException(`slug: a newsletter "${dto.slug}" already exists`);
    return created;
  }

  async update(id: string, dto: UpdateNewsletterDto, principal: Principal): Promise<NewsletterRow> {
    if (principal.role !== 'admin') {
      const forbidden = ADMIN_ONLY_FIELDS.filter((field) => dto[field] !== undefined);
      if (forbidden.length > 0) throw new ForbiddenException(`${forbidden.join(', ')}: only admins may change these fields`);
    }
    if (dto.subjectTemplate !== undefined) checkSubjectTemplate(dto.subjectTemplate);
    const { tags, footer, ...rest } = dto;
    const changes: NewsletterChanges = { ...rest };
    if (tags !== undefined) changes.tagSlugs = tags;
    if (footer !== undefined) changes.footer = { ...footer };
    const updated = await this.repository.update(id, changes);
    if (!updated) throw new NotFoundException(`newsletter ${id} not found`);
    return updated;
  }

  async get(id: string): Promise<NewsletterRow> {
    const row = await this.repository.findById(id);
    if (!row) throw new NotFoundException(`newsletter ${id} not found`);
    return row;
  }

  async getBySlug(slug: string): Promise<NewsletterRow> {
    const row = await this.repository.findBySlug(slug);
    if (!row) throw new NotFoundException(`newsletter "${slug}" not found`);
    return row;
  }

  list(): Promise<NewsletterRow[]> {
    return this.repository.list();
  }

  /** Only a newsletter without issues can go; otherwise disable it (its archive stays online). */
  async delete(id: string): Promise<void> {
    await this.get(id);
    if (await this.repository.hasIssues(id)) throw new ConflictException('newsletter has issues: disable it (enabled: false) instead');
    await this.repository.delete(id);
  }
}
