// Zone abbreviations seen in German and British feeds that JavaScript's Date does not know
// (it knows UT, GMT, Z and the US zones).
const ZONE_OFFSETS: Record<string, string> = {
  UTC: '+0000',
  WET: '+0000',
  WEST: '+0100',
  BST: '+0100',
  CET: '+0100',
  MEZ: '+0100',
  CEST: '+0200',
  MESZ: '+0200',
  EET: '+0200',
  EEST: '+0300',
};

const ISO_WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const RFC822_WITHOUT_ZONE = /^(?:[A-Za-z]{3},?\s*)?\d{1,2}\s+[A-Za-z]{3,9}\s+\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?$/;
const GERMAN_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Parses the date formats feeds use in practice: RFC 822 (with named or numeric zones), ISO 8601,
 * and German `24.11.2026 08:30`. A date without any zone is taken as UTC, never as this server's
 * local time, so the result does not depend on where Postbote runs. Returns null when unparseable.
 */
export function parseFeedDate(raw: string | null | undefined): Date | null {
  let text = (raw ?? '').trim().replace(/\s+/g, ' ');
  if (!text) return null;
  text = text.replace(/\b([A-Z]{3,4})$/i, (zone) => ZONE_OFFSETS[zone.toUpperCase()] ?? zone);
  const german = GERMAN_DATE.exec(text);
  if (german) {
    const [, d, m, y, h, min, s] = german.map(Number);
    return validDate(new Date(Date.UTC(y, m - 1, d, h || 0, min || 0, s || 0)));
  }
  if (ISO_WITHOUT_OFFSET.test(text)) text = `${text.replace(' ', 'T')}${text.length === 10 ? '' : 'Z'}`;
  else if (RFC822_WITHOUT_ZONE.test(text)) text = `${text} +0000`;
  return validDate(new Date(text));
}

function validDate(date: Date): Date | null {
  return Number.isNaN(date.getTime()) ? null : date;
}
