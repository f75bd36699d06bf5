/** Header mapping and delimiter detection for subscriber CSV files. */

export class CsvImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvImportError';
  }
}

/** Header names chosen by the admin; each overrides auto-detection for that field. */
export interface ImportColumnNames {
  readonly email?: string;
  readonly name?: string;
  readonly newsletters?: string;
}

/** Column indexes in a record. A full name may come from separate first/last-name columns. */
export interface HeaderMapping {
  readonly email: number;
  readonly name?: number;
  readonly firstName?: number;
  readonly lastName?: number;
  readonly newsletters?: number;
}

type Field = keyof HeaderMapping;

// Compared after foldHeader(): lower-case, umlauts spelled out, everything but a-z0-9 removed.
const ALIASES: Readonly<Record<Field, readonly string[]>> = {
  email: ['email', 'emailadresse', 'emailaddress', 'mail', 'mailadresse', 'emailadr'],
  name: ['name', 'fullname', 'vollername', 'vollstaendigername', 'anzeigename', 'displayname'],
  firstName: ['vorname', 'firstname', 'givenname'],
  lastName: ['nachname', 'lastname', 'surname', 'familyname', 'familienname'],
  newsletters: ['newsletter', 'newsletters', 'listen', 'liste', 'lists', 'list', 'abos', 'abonnements'],
};

export function foldHeader(header: string): string {
  return header
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .replace(/[^a-z0-9]/gu, '');
}

function findConfigured(header: readonly string[], field: string, wanted: string): number {
  const index = header.findIndex((cell) => cell.trim().toLowerCase() === wanted.trim().toLowerCase());
  if (index === -1) {
    throw new CsvImportError(
      `csv header: configured ${field} column "${wanted}" not found (found: ${quoteList(header)})`,
    );
  }
  return index;
}

function findAlias(folded: readonly string[], field: Field): number | undefined {
  const index = folded.findIndex((cell) => ALIASES[field].includes(cell));
  return index === -1 ? undefined : index;
}

function quoteList(header: readonly string[]): string {
  return header.map((cell) => `"${cell}"`).join(', ');
}

/** Maps the header record to column indexes; throws {@link CsvImportError} without an email column. */
export function mapHeader(header: readonly string[], configured: ImportColumnNames = {}): HeaderMapping {
  const folded = header.map(foldHeader);
  const email =
    configured.email === undefined ? findAlias(folded, 'email') : findConfigured(header, 'email', configured.email);
  if (email === undefined) {
    throw new CsvImportError(`csv header: no email column found (found: ${quoteList(header)})`);
  }
  const name = configured.name === undefined ? findAlias(folded, 'name') : findConfigured(header, 'name', configured.name);
  const newsletters =
    configured.newsletters === undefined
      ? findAlias(folded, 'newsletters')
      : findConfigured(header, 'newsletters', configured.newsletters);
  const split =
    name === undefined && configured.name === undefined
      ? { firstName: findAlias(folded, 'firstName'), lastName: findAlias(folded, 'lastName') }
      : {};
  return { email, name, newsletters, ...split };
}

export type CsvDelimiter = ',' | ';';

/**
 * Picks `;` or `,` by counting them outside quotes in the header line: German Excel writes `;`,
 * everything else `,`. The header is the one line whose cells we can expect to be plain words.
 */
export function detectDelimiter(headerLine: string): CsvDelimiter {
  let inQuotes = false;
  let commas = 0;
  let semicolons = 0;
  for (const char of headerLine) {
    if (char === '"') inQuotes = !inQuotes;
    else if (!inQuotes && char === ',') commas += 1;
    else if (!inQuotes && char === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

const MAX_HEADER_BYTES = 64 * 1024;

/**
 * Reads just enough of the stream to see the header line, then replays it: the rest of the file
 * is never buffered.
 */
export async function sniffDelimiter(
  source: AsyncIterable<Buffer | string>,
): Promise<{ delimiter: CsvDelimiter; stream: AsyncIterable<Buffer> }> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let newline = -1;
  while (newline === -1 && size < MAX_HEADER_BYTES) {
    const next = await iterator.next();
    if (next.done === true) break;
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : next.value;
    head.push(chunk);
    size += chunk.length;
    newline = Buffer.concat(head).indexOf(0x0a);
  }
  const buffered = Buffer.concat(head);
  const firstLine = buffered.subarray(0, newline === -1 ? buffered.length : newline).toString('utf8');
  return { delimiter: detectDelimiter(firstLine), stream: replay(buffered, iterator) };
}

async function* replay(first: Buffer, rest: AsyncIterator<Buffer | string>): AsyncGenerator<Buffer> {
  if (first.length > 0) yield first;
  for (;;) {
    const next = await rest.next();
    if (next.done === true) return;
    yield typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : next.value;
  }
}
