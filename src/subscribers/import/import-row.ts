import { tryParseEmailAddress } from '#src/subscribers/email-address.js';
import { unknownNewslettersProblem } from '#src/subscribers/newsletter-options.js';
import { nameViolation, nameViolationDetail } from '#src/subscribers/subscriber-name.js';
import type { HeaderMapping } from './csv-header.js';
import type { AcceptedSubscriberRow, RowIssue } from './subscriber-import.types.js';

export interface RowRules {
  readonly knownNewsletters?: ReadonlySet<string>;
  readonly defaultNewsletters: readonly string[];
}

export type RowResult =
  | { readonly kind: 'empty' }
  | { readonly kind: 'issue'; readonly issue: RowIssue }
  | { readonly kind: 'candidate'; readonly candidate: AcceptedSubscriberRow };

function cell(record: readonly string[], index: number | undefined): string {
  return index === undefined ? '' : (record[index] ?? '').trim();
}

function readName(record: readonly string[], mapping: HeaderMapping): string {
  if (mapping.name !== undefined) return cell(record, mapping.name);
  return [cell(record, mapping.firstName), cell(record, mapping.lastName)].filter((part) => part !== '').join(' ');
}

// Slugs are plain words, so any of the usual list separators may sit between them in one cell.
function readNewsletters(raw: string, rules: RowRules): readonly string[] {
  if (raw === '') return rules.defaultNewsletters;
  const slugs = raw
    .split(/[\s,;|]+/u)
    .map((slug) => slug.toLowerCase())
    .filter((slug) => slug !== '');
  return [...new Set(slugs)];
}

/** Validates one data record; the caller handles duplicates and the database lookups. */
export function readRow(record: readonly string[], row: number, mapping: HeaderMapping, rules: RowRules): RowResult {
  if (record.every((value) => value.trim() === '')) return { kind: 'empty' };
  const parsed = tryParseEmailAddress(cell(record, mapping.email));
  if (!parsed.ok) return { kind: 'issue', issue: { row, reason: 'invalid address', detail: parsed.message } };
  const name = readName(record, mapping);
  const violation = nameViolation(name);
  if (violation !== undefined) return { kind: 'issue', issue: { row, reason: 'invalid name', detail: nameViolationDetail(violation) } };
  const newsletters = readNewsletters(cell(record, mapping.newsletters), rules);
  const unknown = rules.knownNewsletters === undefined ? undefined : unknownNewslettersProblem(newsletters, rules.knownNewsletters);
  if (unknown !== undefined) return { kind: 'issue', issue: { row, reason: 'unknown newsletter', detail: unknown } };
  return { kind: 'candidate', candidate: { row, address: parsed.address, name: name === '' ? null : name, newsletters } };
}
