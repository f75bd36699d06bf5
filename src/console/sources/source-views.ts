import type { SourceResponse, SyncResponse } from '#src/sources/dto/source.dto.js';

export type SourceState = 'ok' | 'warnings' | 'failing' | 'disabled' | 'never' | 'webhook';

/** One row of the sources table: health in words, never a bare status code. */
export interface SourceRowView {
  id: string;
  name: string;
  kind: string;
  url: string;
  state: SourceState;
  stateBad: boolean;
  lastAttemptAt: Date | null;
  lastSuccessAt: Date | null;
  nextPollAt: Date | null;
  consecutiveFailures: number;
  lastError: string;
  lastErrorAt: Date | null;
  warnings: string[];
  warningsAt: Date | null;
  polls: boolean;
  outcome: PollOutcomeView | null;
}

export interface PollOutcomeView extends SyncResponse {
  sourceId: string;
  error: string;
  /** The first successful poll stores the back catalogue and announces none of it. */
  firstSync: boolean;
}

/** Warnings arrive with the feed-health work; until a source has them, an empty list. */
interface HealthWarnings {
  warnings?: string[];
  warningsAt?: Date | null;
}

export function sourceStateOf(source: SourceResponse): SourceState {
  const warnings = (source.health as HealthWarnings).warnings ?? [];
  if (source.kind === 'webhook') return 'webhook';
  if (!source.enabled) return 'disabled';
  if (source.health.consecutiveFailures > 0) return 'failing';
  if (!source.health.lastAttemptAt) return 'never';
  return warnings.length > 0 ? 'warnings' : 'ok';
}

export function sourceRowView(source: SourceResponse, outcome: PollOutcomeView | null = null): SourceRowView {
  const health = source.health as SourceResponse['health'] & HealthWarnings;
  const state = sourceStateOf(source);
  return {
    id: source.id,
    name: source.name,
    kind: source.kind,
    url: source.url ?? '',
    state,
    stateBad: state === 'failing',
    lastAttemptAt: health.lastAttemptAt,
    lastSuccessAt: health.lastSuccessAt,
    nextPollAt: health.nextPollAt,
    consecutiveFailures: health.consecutiveFailures,
    // A success after the failure clears nothing in the row, so the error only counts while failing.
    lastError: health.consecutiveFailures > 0 ? (health.lastError ?? '') : '',
    lastErrorAt: health.lastErrorAt,
    warnings: health.warnings ?? [],
    warningsAt: health.warningsAt ?? null,
    polls: source.kind !== 'webhook',
    outcome,
  };
}

export function pollOutcomeView(sourceId: string, before: SourceResponse, outcome: SyncResponse): PollOutcomeView {
  return {
    ...outcome,
    sourceId,
    error: outcome.error ?? '',
    firstSync: outcome.status === 'ok' && before.health.lastSuccessAt === null && outcome.created > 0 && outcome.announced === 0,
  };
}
