import { Cron } from 'croner';

export const DEFAULT_TIME_ZONE = 'Europe/Berlin';
export const MAX_QUIET_PERIOD_MINUTES = 24 * 60;
/** Without an explicit maximum wait, a quiet window may grow to this many quiet periods. */
export const DEFAULT_MAX_WAIT_FACTOR = 3;
export const MAX_MAX_WAIT_MINUTES = DEFAULT_MAX_WAIT_FACTOR * MAX_QUIET_PERIOD_MINUTES;

/** A validated schedule. */
export type ScheduleSpec =
  | { kind: 'cron'; expression: string; timeZone: string }
  | { kind: 'on-publish'; quietPeriodMinutes: number; maxWaitMinutes: number }
  | { kind: 'at'; at: Date };

/** A schedule as an editor submits it. */
export type ScheduleInput =
  | { kind: 'cron'; expression: string; timeZone?: string }
  | { kind: 'on-publish'; quietPeriodMinutes?: number; maxWaitMinutes?: number }
  | { kind: 'at'; at: string };

export class ScheduleValidationError extends Error {
  override readonly name = 'ScheduleValidationError';
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

const CRON_FIELDS = ['minute', 'hour', 'day-of-month', 'month', 'day-of-week'] as const;

/**
 * Vixie cron semantics for daylight saving time: a job whose minute and hour hold no wildcard
 * or step is a wall-clock job (fires once, at the first valid time after a skipped hour, and
 * once in a repeated hour); `*` and step jobs are interval jobs and follow elapsed time.
 */
export function cronFor(expression: string, timeZone: string): Cron {
  return new Cron(expression, { timezone: timeZone, mode: '5-part', fixedTimeRule: 'no-wildcard' });
}

export function assertTimeZone(timeZone: string, field = 'timeZone'): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new ScheduleValidationError(field, `${field}: unknown time zone "${timeZone}" (expected an IANA name such as Europe/Berlin)`);
  }
  return timeZone;
}

function cronReason(err: unknown, part?: string): string {
  const message = (err instanceof Error ? err.message : String(err)).replace(/^CronPattern:\s*/, '');
  if (/Invalid value/i.test(message)) return 'out of range';
  // croner counts entries including its seconds field; the field name says it better.
  if (/illegal characters/i.test(message) && part !== undefined) return `"${part}" contains illegal characters`;
  return message;
}

/** Checks a 5-field cron expression; the error names the bad field: `"0 7 * * 8": day-of-week out of range`. */
export function validateCronExpression(expression: string): string {
  const normalised = expression.trim().replace(/\s+/g, ' ');
  const parts = normalised.split(' ');
  if (parts.length !== CRON_FIELDS.length) {
    throw new ScheduleValidationError(
      'expression',
      `"${expression}": expected 5 fields (${CRON_FIELDS.join(' ')}), got ${normalised === '' ? 0 : parts.length}`,
    );
  }
  parts.forEach((part, index) => {
    const field = CRON_FIELDS[index] ?? 'field';
    // `?` would freeze the field at the time of parsing in croner: never what an editor means.
    if (part.includes('?')) throw new ScheduleValidationError('expression', `"${expression}": ${field} must not contain "?"`);
    const probe = CRON_FIELDS.map((_, i) => (i === index ? part : '*')).join(' ');
    try {
      cronFor(probe, 'UTC');
    } catch (err) {
      throw new ScheduleValidationError('expression', `"${expression}": ${field} ${cronReason(err, part)}`);
    }
  });
  try {
    // Fields can be valid alone yet never match together, e.g. 31 February.
    if (!cronFor(normalised, 'UTC').nextRun(new Date(0))) throw new Error('never fires');
  } catch (err) {
    throw new ScheduleValidationError('expression', `"${expression}": ${cronReason(err)}`);
  }
  return normalised;
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseAt(at: string): Date {
  const date = new Date(at);
  if (!ISO_WITH_OFFSET.test(at.trim()) || Number.isNaN(date.getTime())) {
    throw new ScheduleValidationError('at', `at: "${at}" is not an ISO 8601 time with offset, e.g. 2026-12-01T07:00:00+01:00`);
  }
  return date;
}

function parseQuietPeriod(minutes: number | undefined): number {
  const value = minutes ?? 0;
  if (!Number.isInteger(value) || value < 0 || value > MAX_QUIET_PERIOD_MINUTES) {
    throw new ScheduleValidationError(
      'quietPeriodMinutes',
      `quietPeriodMinutes: ${String(minutes)} must be a whole number from 0 to ${MAX_QUIET_PERIOD_MINUTES}`,
    );
  }
  return value;
}

/**
 * The longest a quiet window may stay open after its first article. Each article extends the
 * window, so without this bound a steady stream of articles would hold the issue back forever.
 */
export function defaultMaxWaitMinutes(quietPeriodMinutes: number): number {
  return DEFAULT_MAX_WAIT_FACTOR * quietPeriodMinutes;
}

function parseMaxWait(minutes: number | undefined, quietPeriodMinutes: number): number {
  const value = minutes ?? defaultMaxWaitMinutes(quietPeriodMinutes);
  if (!Number.isInteger(value) || value < quietPeriodMinutes || value > MAX_MAX_WAIT_MINUTES) {
    throw new ScheduleValidationError(
      'maxWaitMinutes',
      `maxWaitMinutes: ${String(minutes)} must be a whole number from the quiet period (${quietPeriodMinutes}) to ${MAX_MAX_WAIT_MINUTES}`,
    );
  }
  return value;
}

export function parseSchedule(input: ScheduleInput): ScheduleSpec {
  switch (input.kind) {
    case 'cron':
      return {
        kind: 'cron',
        expression: validateCronExpression(input.expression),
        timeZone: assertTimeZone(input.timeZone ?? DEFAULT_TIME_ZONE),
      };
    case 'on-publish': {
      const quietPeriodMinutes = parseQuietPeriod(input.quietPeriodMinutes);
      return { kind: 'on-publish', quietPeriodMinutes, maxWaitMinutes: parseMaxWait(input.maxWaitMinutes, quietPeriodMinutes) };
    }
    case 'at':
      return { kind: 'at', at: parseAt(input.at) };
  }
}
