import { formField } from '#src/console/frame/form-body.js';
import type { SourceResponse } from '#src/sources/dto/source.dto.js';
import type { SourceKind } from '#src/sources/sources.schema.js';

/** What the editor typed, as shown again in the form (after a validation error, too). */
export interface SourceFormValues {
  name: string;
  kind: string;
  url: string;
  intervalMinutes: string;
  enabled: boolean;
  tagFilter: string;
  headers: string;
  clearHeaders: boolean;
  patterns: string;
}

export const SOURCE_FORM_FIELDS = ['name', 'kind', 'url', 'pollIntervalSeconds', 'tagFilter', 'headers', 'boilerplatePatterns'] as const;
export type SourceFormField = (typeof SOURCE_FORM_FIELDS)[number];

/** The form's values turned into the API's DTO shape, plus problems found while reading them. */
export interface ParsedSourceForm {
  dto: Record<string, unknown>;
  /** Fields that could not even be read (a header line without a colon); detail in the editor's words. */
  unreadable: Partial<Record<SourceFormField, string>>;
}

export function readSourceForm(body: unknown): SourceFormValues {
  return {
    name: formField(body, 'name').trim(),
    kind: formField(body, 'kind'),
    url: formField(body, 'url').trim(),
    intervalMinutes: formField(body, 'intervalMinutes').trim(),
    enabled: formField(body, 'enabled') === 'on',
    tagFilter: formField(body, 'tagFilter'),
    headers: formField(body, 'headers'),
    clearHeaders: formField(body, 'clearHeaders') === 'on',
    patterns: formField(body, 'patterns'),
  };
}

export function sourceFormValuesOf(source: SourceResponse): SourceFormValues {
  return {
    name: source.name,
    kind: source.kind,
    url: source.url ?? '',
    intervalMinutes: String(Math.round(source.pollIntervalSeconds / 60)),
    enabled: source.enabled,
    tagFilter: (source.tagFilter ?? []).join(', '),
    headers: '',
    clearHeaders: false,
    patterns: (source.boilerplatePatterns ?? []).join('\n'),
  };
}

export const EMPTY_SOURCE_FORM: SourceFormValues = {
  name: '',
  kind: 'rss',
  url: '',
  intervalMinutes: '5',
  enabled: true,
  tagFilter: '',
  headers: '',
  clearHeaders: false,
  patterns: '',
};

/**
 * Form → DTO. Minutes become the API's seconds; tags are split at commas or spaces and
 * lower-cased (slugs are); header lines become a map. On edit, an empty header box keeps the
 * stored headers (their values are never shown) unless "delete" is ticked.
 */
export function sourceDtoOf(values: SourceFormValues, mode: 'create' | 'update', storedKind: SourceKind | null): ParsedSourceForm {
  const unreadable: ParsedSourceForm['unreadable'] = {};
  const dto: Record<string, unknown> = { name: values.name, enabled: values.enabled };
  if (mode === 'create') dto.kind = values.kind;
  const kind = storedKind ?? values.kind;
  if (values.url !== '') dto.url = values.url;
  else if (kind !== 'webhook') unreadable.url = 'required';
  dto.pollIntervalSeconds = /^\d{1,5}$/u.test(values.intervalMinutes) ? Number(values.intervalMinutes) * 60 : values.intervalMinutes;
  dto.tagFilter = values.tagFilter.split(/[\s,]+/u).filter((tag) => tag !== '').map((tag) => tag.toLowerCase());
  dto.boilerplatePatterns = lines(values.patterns);
  if (values.clearHeaders) dto.headers = {};
  else if (values.headers.trim() !== '' || mode === 'create') {
    const headers: Record<string, string> = {};
    lines(values.headers).forEach((line, index) => {
      const colon = line.indexOf(':');
      if (colon <= 0) unreadable.headers ??= `line ${index + 1}`;
      else headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
    });
    dto.headers = headers;
  }
  return { dto, unreadable };
}

function lines(text: string): string[] {
  return text.split(/\r?\n/u).map((line) => line.trim()).filter((line) => line !== '');
}
