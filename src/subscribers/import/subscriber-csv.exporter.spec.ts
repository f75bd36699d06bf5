import type { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { exportSubscribersCsv, type SubscriberExportRow } from './subscriber-csv.exporter.js';

async function collect(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

function row(overrides: Partial<SubscriberExportRow>): SubscriberExportRow {
  return {
    email: 'leser@example.de',
    name: 'Jörg Müller',
    status: 'active',
    newsletters: ['huawei', 'apple'],
    createdAt: new Date('2025-01-02T03:04:05Z'),
    confirmedAt: null,
    ...overrides,
  };
}

describe('exportSubscribersCsv', () => {
  it('writes a BOM, a header and one line per subscriber', async () => {
    const csv = await collect(exportSubscribersCsv([row({ confirmedAt: new Date('2025-01-03T00:00:00Z') })]));
    expect(csv).toBe(
      '\uFEFFemail,name,status,newsletters,created_at,confirmed_at\r\n' +
        'leser@example.de,Jörg Müller,active,huawei|apple,2025-01-02T03:04:05.000Z,2025-01-03T00:00:00.000Z\r\n',
    );
  });

  it.each([
    ['=HYPERLINK("http://evil.example","klick")', `'=HYPERLINK("http://evil.example","klick")`],
    ['+49 170 123', `'+49 170 123`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1:A9)', `'@SUM(A1:A9)`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `'\r=1+1`],
    ['Anna = Ben', 'Anna = Ben'],
    ["O'Brien", "O'Brien"],
  ])('neutralises formula-like name %j', async (name, expected) => {
    const csv = await collect(exportSubscribersCsv([row({ name })], { bom: false }));
    const records = parse<Record<string, string>>(csv, { columns: true });
    expect(records[0]?.name).toBe(expected);
  });

  it('escapes addresses too, and uses ; for German Excel', async () => {
    const csv = await collect(exportSubscribersCsv([row({ email: '=cmd@example.de', name: 'A;B' })], { delimiter: ';', bom: false }));
    expect(csv.split('\r\n')[1]).toBe(`'=cmd@example.de;"A;B";active;huawei|apple;2025-01-02T03:04:05.000Z;`);
  });

  it('streams rows from an async source and passes its error on', async () => {
    async function* failing(): AsyncGenerator<SubscriberExportRow> {
      yield row({});
      await Promise.resolve();
      throw new Error('db gone');
    }
    await expect(collect(exportSubscribersCsv(failing()))).rejects.toThrow('db gone');
  });
});
