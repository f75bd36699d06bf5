import { cronFor, type ScheduleSpec } from './schedule-spec.js';

export interface RunTime {
  /** ISO 8601 in the schedule's zone, with its offset, e.g. `2026-03-30T07:00:00+02:00`. */
  local: string;
  utc: string;
}

export const DEFAULT_MAX_SLOTS = 10_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** `date` as local ISO 8601 with offset in `timeZone`. */
export function toLocalIso(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(date).map((p) => [p.type, p.value]));
  const offset = (parts.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

function zoneOf(spec: ScheduleSpec): string {
  return spec.kind === 'cron' ? spec.timeZone : 'UTC';
}

function toRunTime(date: Date, timeZone: string): RunTime {
  return { local: toLocalIso(date, timeZone), utc: date.toISOString() };
}

/**
 * The next `count` run times strictly after `after`. `on-publish` has no clock slots (it is
 * driven by arriving articles), so it has none; a one-off `at` has at most one.
 */
export function nextRuns(spec: ScheduleSpec, after: Date, count: number): RunTime[] {
  const zone = zoneOf(spec);
  switch (spec.kind) {
    case 'cron':
      return cronFor(spec.expression, spec.timeZone)
        .nextRuns(count, after)
        .map((date) => toRunTime(date, zone));
    case 'at':
      return count > 0 && spec.at.getTime() > after.getTime() ? [toRunTime(spec.at, zone)] : [];
    case 'on-publish':
      return [];
  }
}

/**
 * Slots in `(from, to]`, oldest first: what a restarted scheduler must catch up on or record as
 * missed. Throws rather than return a partial list when there are more than `maxSlots`.
 */
export function slotsBetween(spec: ScheduleSpec, from: Date, to: Date, maxSlots = DEFAULT_MAX_SLOTS): Date[] {
  if (spec.kind === 'on-publish') return [];
  if (spec.kind === 'at') return spec.at > from && spec.at <= to ? [spec.at] : [];
  const cron = cronFor(spec.expression, spec.timeZone);
  const slots: Date[] = [];
  for (let next = cron.nextRun(from); next && next <= to; next = cron.nextRun(next)) {
    if (slots.length === maxSlots) {
      throw new Error(`slotsBetween: more than ${maxSlots} slots of "${spec.expression}" between ${from.toISOString()} and ${to.toISOString()}`);
    }
    slots.push(next);
  }
  return slots;
}
