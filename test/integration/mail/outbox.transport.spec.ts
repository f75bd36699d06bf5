import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { buildNewsletterHeaders } from '#src/mail/newsletter-headers.js';
import { OutboxTransport } from '#src/mail/outbox.transport.js';
import { headerLine } from '../../support/smtp-sink.js';

describe('OutboxTransport', () => {
  let dir: string;

  beforeEach(async () => {
    dir = path.join(await mkdtemp(path.join(tmpdir(), 'postbote-outbox-')), 'outbox');
  });
  afterEach(async () => rm(path.dirname(dir), { recursive: true, force: true }));

  it('writes each message as a parseable .eml file in the (created) directory', async () => {
    const transport = new OutboxTransport(dir);
    const { headers, messageId } = buildNewsletterHeaders({
      unsubscribeUrl: 'https://news.example.de/unsubscribe?token=t',
      list: { name: 'Huawei-News', slug: 'huawei', domain: 'news.example.de' },
      senderDomain: 'news.example.de',
      feedback: { campaignId: 'issue-1', newsletterId: 'huawei', mailType: 'digest', senderId: 'postbote' },
    });
    const result = await transport.send({
      from: { name: 'Huawei-News', address: 'news@news.example.de' },
      to: { name: 'Jörg Ä', address: 'joerg@example.net' },
      subject: 'Grüße – „Test“',
      html: '<p>Hallo <b>Jörg</b></p>',
      text: 'Hallo Jörg',
      headers,
      messageId,
    });
    await transport.close();

    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    expect(result).toEqual({ messageId, response: `written to ${path.join(dir, files[0])}` });
    const parsed = await simpleParser(await readFile(path.join(dir, files[0])));
    expect(parsed.subject).toBe('Grüße – „Test“');
    expect(parsed.text?.trim()).toBe('Hallo Jörg');
    expect(parsed.html).toContain('<b>Jörg</b>');
    expect(parsed.messageId).toBe(messageId);
    expect(headerLine(parsed.headerLines, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  });
});
