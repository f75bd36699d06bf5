import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DsnParseError, parseDsn } from '#src/mail/dsn-parser.js';

const fixture = (name: string) => readFile(path.join(process.cwd(), 'test/fixtures/mail', name));

describe('parseDsn', () => {
  it('reads a Postfix hard bounce', async () => {
    expect(await parseDsn(await fixture('dsn-hard-bounce.eml'))).toEqual([
      {
        recipient: 'nobody@example.net',
        action: 'failed',
        status: '5.1.1',
        diagnostic: '550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown in virtual mailbox table',
        kind: 'hard',
      },
    ]);
  });

  it('reports a delayed recipient as soft and skips delivered ones', async () => {
    expect(await parseDsn(await fixture('dsn-delayed.eml'))).toEqual([
      { recipient: 'full@example.org', action: 'delayed', status: '4.2.2', diagnostic: '452 4.2.2 Mailbox full', kind: 'soft' },
    ]);
  });

  it('rejects a message that is not a DSN', async () => {
    const plain = 'From: a@example.org\r\nTo: b@example.org\r\nSubject: hi\r\n\r\nHello\r\n';
    await expect(parseDsn(plain)).rejects.toThrow(DsnParseError);
    await expect(parseDsn(plain)).rejects.toThrow(/no message\/delivery-status part/);
  });

  it('names the missing field of a broken report', async () => {
    const raw = (await fixture('dsn-hard-bounce.eml')).toString().replace('Status: 5.1.1\r\n', '');
    await expect(parseDsn(raw)).rejects.toThrow('DSN: recipient group 1: Status is missing or malformed');
  });
});
