import { Readable } from 'node:stream';
import type { EmailAddress } from '#src/subscribers/email-address.js';
import { CsvImportError } from './csv-header.js';
import { SubscriberCsvImporter } from './subscriber-csv.importer.js';
import type {
  AcceptedSubscriberRow,
  ImportBatchContext,
  SubscriberImportPorts,
} from './subscriber-import.types.js';

/** In-memory stand-in for the database side, recording how it was called. */
class RecordingPorts implements SubscriberImportPorts {
  readonly lookupSizes: number[] = [];
  readonly batches: AcceptedSubscriberRow[][] = [];
  readonly contexts: ImportBatchContext[] = [];

  constructor(
    private readonly suppressed: ReadonlySet<string> = new Set(),
    private readonly existing: ReadonlySet<string> = new Set(),
  ) {}

  findSuppressed(addresses: readonly EmailAddress[]): Promise<ReadonlySet<string>> {
    this.lookupSizes.push(addresses.length);
    return Promise.resolve(new Set(addresses.map((a) => a.key).filter((key) => this.suppressed.has(key))));
  }

  findExisting(addresses: readonly EmailAddress[]): Promise<ReadonlySet<string>> {
    return Promise.resolve(new Set(addresses.map((a) => a.key).filter((key) => this.existing.has(key))));
  }

  acceptBatch(rows: readonly AcceptedSubscriberRow[], context: ImportBatchContext): Promise<void> {
    this.batches.push([...rows]);
    this.contexts.push(context);
    return Promise.resolve();
  }

  acceptedRows(): AcceptedSubscriberRow[] {
    return this.batches.flat();
  }
}

function chunksOf(text: string, size: number): Readable {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += size) chunks.push(bytes.subarray(offset, offset + size));
  return Readable.from(chunks);
}

const SEND = { mode: 'send-confirmation' } as const;

// Data index i (1-based) is spreadsheet row i + 1.
function tenThousandRowFile(): string {
  const special = new Map<number, string>([
    [17, 'kein-at-zeichen.example.de,Ohne At,'],
    [503, 'leser2@example.de,Doppelt,'],
    [1500, 'gesperrt@example.de,Gesperrt,'],
    [2222, 'leser2222@example.de,"Müller, Hans",huawei|apple'],
    [4999, 'schon-da@example.de,Schon da,'],
    [6000, ''],
    [7777, 'jemand@localhost,Kein Punkt,'],
    [8000, 'leser7999@EXAMPLE.DE,Doppelt Domain,'],
    [9999, `${'x'.repeat(65)}@example.de,Zu lang,`],
  ]);
  const lines = ['email,name,newsletters'];
  for (let i = 1; i <= 10_000; i += 1) lines.push(special.get(i) ?? `leser${i}@example.de,Leser ${i},huawei`);
  return `${lines.join('\r\n')}\r\n`;
}

describe('SubscriberCsvImporter', () => {
  it('reports exactly the bad rows of a 10,000-row file', async () => {
    const ports = new RecordingPorts(new Set(['gesperrt@example.de']), new Set(['schon-da@example.de']));
    const report = await new SubscriberCsvImporter(ports).import(chunksOf(tenThousandRowFile(), 4096), SEND);
    expect(report).toEqual({
      mode: 'send-confirmation',
      dryRun: false,
      delimiter: ',',
      columns: { email: 'email', name: 'name', newsletters: 'newsletters' },
      rows: 9_999,
      emptyRows: 1,
      accepted: 9_992,
      rejected: 7,
      rejectedByReason: {
        'invalid address': 3,
        'invalid name': 0,
        'unknown newsletter': 0,
        'duplicate in file': 2,
        suppressed: 1,
        'already subscribed': 1,
      },
      issues: [
        { row: 18, reason: 'invalid address', detail: 'email: missing @' },
        { row: 504, reason: 'duplicate in file' },
        { row: 1501, reason: 'suppressed' },
        { row: 5000, reason: 'already subscribed' },
        { row: 7778, reason: 'invalid address', detail: 'email: domain has no dot' },
        { row: 8001, reason: 'duplicate in file' },
        { row: 10000, reason: 'invalid address', detail: 'email: local part is too long' },
      ],
      issuesTruncated: false,
    });
    expect(ports.acceptedRows()).toHaveLength(9_992);
    expect(ports.acceptedRows().find((row) => row.row === 2223)).toMatchObject({
      name: 'Müller, Hans',
      newsletters: ['huawei', 'apple'],
    });
    expect(Math.max(...ports.lookupSizes)).toBe(500);
    expect(ports.lookupSizes).toHaveLength(20);
  });

  it('reads a German Excel export: BOM, semicolons, German headers, one byte per chunk', async () => {
    const file = '\uFEFFE-Mail;Vorname;Nachname;Newsletter\r\n' + 'anna@Bücher.de;Anna;Schön;"huawei, apple"\r\n' + 'ben@example.de;;;\r\n';
    const ports = new RecordingPorts();
    const report = await new SubscriberCsvImporter(ports).import(chunksOf(file, 1), {
      ...SEND,
      defaultNewsletters: ['huawei'],
    });
    expect(report.delimiter).toBe(';');
    expect(report.columns).toEqual({ email: 'E-Mail', firstName: 'Vorname', lastName: 'Nachname', newsletters: 'Newsletter' });
    expect(ports.acceptedRows().map((row) => [row.row, row.address.key, row.address.display, row.name, row.newsletters])).toEqual([
      [2, 'anna@xn--bcher-kva.de', 'anna@bücher.de', 'Anna Schön', ['huawei', 'apple']],
      [3, 'ben@example.de', 'ben@example.de', null, ['huawei']],
    ]);
  });

  it('uses configured column names and rejects unknown newsletters and bad names', async () => {
    // Row 5 holds a C1 control character (NEL): the reader-name rule of /subscribe refuses it too.
    const file = 'Kontakt,Wer,Abo\nx@example.de,X,huawei\ny@example.de,Y,nope\nz@example.de,' + 'z'.repeat(201) + ',\nw@example.de,W\u0085W,\n';
    const ports = new RecordingPorts();
    const report = await new SubscriberCsvImporter(ports).import(chunksOf(file, 7), {
      ...SEND,
      columns: { email: 'kontakt', name: 'Wer', newsletters: 'Abo' },
      knownNewsletters: new Set(['huawei']),
    });
    expect(report.issues).toEqual([
      { row: 3, reason: 'unknown newsletter', detail: 'newsletters: unknown nope' },
      { row: 4, reason: 'invalid name', detail: 'name: longer than 200 characters' },
      { row: 5, reason: 'invalid name', detail: 'name: contains control characters' },
    ]);
    expect(report.accepted).toBe(1);
  });

  it('names the missing column and the headers it found', async () => {
    const importer = new SubscriberCsvImporter(new RecordingPorts());
    await expect(importer.import(chunksOf('Name,Ort\nA,B\n', 64), SEND)).rejects.toThrow(
      new CsvImportError('csv header: no email column found (found: "Name", "Ort")'),
    );
    await expect(importer.import(chunksOf('email\na@example.de\n', 64), { ...SEND, columns: { email: 'Mail' } })).rejects.toThrow(
      'csv header: configured email column "Mail" not found (found: "email")',
    );
    await expect(importer.import(chunksOf('', 64), SEND)).rejects.toThrow('csv: the file is empty');
    await expect(importer.import(chunksOf('email\n"a@example.de\n', 64), SEND)).rejects.toThrow(CsvImportError);
  });

  it('dry run reports the same but writes nothing', async () => {
    const ports = new RecordingPorts(new Set(), new Set(['b@example.de']));
    const report = await new SubscriberCsvImporter(ports).import(chunksOf('email\na@example.de\nb@example.de\n', 64), {
      mode: 'consent-documented',
      note: 'Paper forms, event 2024-05',
      dryRun: true,
    });
    expect(report).toMatchObject({ dryRun: true, accepted: 1, rejected: 1 });
    expect(ports.batches).toEqual([]);
  });

  it('passes mode and note to the sink and requires a note for consent-documented', async () => {
    const ports = new RecordingPorts();
    const importer = new SubscriberCsvImporter(ports);
    await importer.import(chunksOf('email\na@example.de\n', 64), { mode: 'consent-documented', note: ' Old shop opt-in ' });
    expect(ports.contexts).toEqual([{ mode: 'consent-documented', note: 'Old shop opt-in' }]);
    await expect(importer.import(chunksOf('email\na@example.de\n', 64), { mode: 'consent-documented' })).rejects.toThrow(
      'import note: required for mode consent-documented',
    );
  });

  it('streams 100,000 generated rows without reading ahead of the sink', async () => {
    let generated = 0;
    // A lazy source: each line is produced only when the importer pulls it.
    function* generate(): Generator<string> {
      yield 'email,name\n';
      for (let i = 1; i <= 100_000; i += 1) {
        generated = i;
        yield `reader${i}@example.org,Reader ${i}\n`;
      }
    }
    let maxLag = 0;
    let delivered = 0;
    const ports = new RecordingPorts();
    ports.acceptBatch = (rows) => {
      delivered += rows.length;
      maxLag = Math.max(maxLag, generated - delivered);
      return Promise.resolve();
    };
    const report = await new SubscriberCsvImporter(ports).import(Readable.from(generate()), SEND);
    expect(report.accepted).toBe(100_000);
    expect(delivered).toBe(100_000);
    // Read-ahead is one batch plus stream buffers (a few KB of text), never the file.
    expect(maxLag).toBeLessThan(5_000);
  });
});
