import { defaultMaxWaitMinutes, parseSchedule, type ScheduleInput, type ScheduleSpec } from './schedule-spec.js';
import type { ScheduleValues } from './schedules.repository.js';
import type { ScheduleRow } from './schedules.schema.js';

/** The validated spec of a stored schedule (rows were validated on the way in). */
export function specOf(row: ScheduleRow): ScheduleSpec {
  switch (row.kind) {
    case 'cron':
      return { kind: 'cron', expression: row.cronExpression ?? '', timeZone: row.timeZone };
    case 'on-publish':
      return { kind: 'on-publish', quietPeriodMinutes: row.quietPeriodMinutes, maxWaitMinutes: maxWaitOf(row) };
    case 'at':
      return { kind: 'at', at: row.at ?? new Date(0) };
  }
}

function maxWaitOf(row: ScheduleRow): number {
  return row.maxWaitMinutes ?? defaultMaxWaitMinutes(row.quietPeriodMinutes);
}

/** Validates editor input (errors name the field) into column values. */
export function valuesOf(input: ScheduleInput): ScheduleValues {
  const spec = parseSchedule(input);
  switch (spec.kind) {
    case 'cron':
      return { kind: 'cron', cronExpression: spec.expression, timeZone: spec.timeZone, quietPeriodMinutes: 0, maxWaitMinutes: null, at: null };
    case 'on-publish': {
      const { quietPeriodMinutes, maxWaitMinutes } = spec;
      return { kind: 'on-publish', cronExpression: null, timeZone: 'UTC', quietPeriodMinutes, maxWaitMinutes, at: null };
    }
    case 'at':
      return { kind: 'at', cronExpression: null, timeZone: 'UTC', quietPeriodMinutes: 0, maxWaitMinutes: null, at: spec.at };
  }
}

export interface ScheduleView {
  id: string;
  newsletterId: string;
  kind: ScheduleRow['kind'];
  expression: string | null;
  timeZone: string | null;
  quietPeriodMinutes: number | null;
  maxWaitMinutes: number | null;
  at: string | null;
  paused: boolean;
  createdAt: string;
  updatedAt: string;
}

export function viewOf(row: ScheduleRow): ScheduleView {
  return {
    id: row.id,
    newsletterId: row.newsletterId,
    kind: row.kind,
    expression: row.cronExpression,
    timeZone: row.kind === 'cron' ? row.timeZone : null,
    quietPeriodMinutes: row.kind === 'on-publish' ? row.quietPeriodMinutes : null,
    maxWaitMinutes: row.kind === 'on-publish' ? maxWaitOf(row) : null,
    at: row.at?.toISOString() ?? null,
    paused: row.paused,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
