import type { HelperOptions } from 'handlebars';
import type Handlebars from 'handlebars';

/** What every helper reads from the render's root context: the reader's language and time zone. */
interface RootFormat {
  lang: string;
  timeZone: string;
}

const rootOf = (options: HelperOptions): RootFormat => (options.data as { root: RootFormat }).root;
const isOptions = (value: unknown): value is HelperOptions => typeof value === 'object' && value !== null && 'hash' in value;

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: string, fractionDigits: number): Intl.NumberFormat {
  const key = `${lang}:${fractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang, { maximumFractionDigits: fractionDigits });
    numberFormats.set(key, format);
  }
  return format;
}

function toDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'string' || typeof value === 'number') {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return null;
}

function formatDate(value: unknown, options: HelperOptions, style: Intl.DateTimeFormatOptions): string {
  const date = toDate(value);
  if (!date) return '–';
  const { lang, timeZone } = rootOf(options);
  return new Intl.DateTimeFormat(lang, { ...style, timeZone }).format(date);
}

/** Seconds as "1 h 5 min", "4 min", "30 s": an ETA, not a stopwatch. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * Formatting helpers for console templates. Output is plain text that Handlebars escapes like any
 * other value (no helper returns a SafeString).
 */
export function registerConsoleHelpers(handlebars: typeof Handlebars): void {
  handlebars.registerHelper('number', (value: unknown, ...rest: unknown[]) => {
    const options = rest.at(-1) as HelperOptions;
    const digits = typeof rest[0] === 'number' ? rest[0] : 0;
    return typeof value === 'number' && Number.isFinite(value) ? numberFormat(rootOf(options).lang, digits).format(value) : '–';
  });
  handlebars.registerHelper('percent', (part: unknown, whole: unknown, options: HelperOptions) => {
    if (typeof part !== 'number' || typeof whole !== 'number' || whole <= 0) return '–';
    return `${numberFormat(rootOf(options).lang, 1).format((100 * part) / whole)} %`;
  });
  handlebars.registerHelper('dateTime', (value: unknown, options: HelperOptions) => formatDate(value, options, { dateStyle: 'medium', timeStyle: 'short' }));
  handlebars.registerHelper('date', (value: unknown, options: HelperOptions) => formatDate(value, options, { dateStyle: 'medium' }));
  handlebars.registerHelper('time', (value: unknown, options: HelperOptions) => formatDate(value, options, { timeStyle: 'short' }));
  // A calendar day (`YYYY-MM-DD`) is no instant: formatted as itself, whatever the time zone.
  handlebars.registerHelper('calendarDay', (value: unknown, options: HelperOptions) =>
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/u.test(value)
      ? new Intl.DateTimeFormat(rootOf(options).lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`))
      : '–',
  );
  handlebars.registerHelper('isoDate', (value: unknown) => toDate(value)?.toISOString() ?? '');
  handlebars.registerHelper('duration', (seconds: unknown) => (typeof seconds === 'number' ? formatDuration(seconds) : '–'));
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  handlebars.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  // {{fill t.auth.login.throttled minutes=5}}: fills {name} slots of a message; numbers in the locale's format.
  handlebars.registerHelper('fill', (template: unknown, options: unknown) => {
    if (typeof template !== 'string' || !isOptions(options)) return '';
    const lang = rootOf(options).lang;
    return template.replace(/\{(\w+)\}/gu, (slot, name: string) => {
      const value: unknown = (options.hash as Record<string, unknown>)[name];
      if (typeof value === 'number') return numberFormat(lang, 0).format(value);
      return typeof value === 'string' ? value : slot;
    });
  });
}
