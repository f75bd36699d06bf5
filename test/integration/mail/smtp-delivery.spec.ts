import { generateKeyPairSync } from 'node:crypto';
import { simpleParser } from 'mailparser';
import type { OutgoingMail } from '#src/mail/mail-transport.js';
import { buildNewsletterHeaders } from '#src/mail/newsletter-headers.js';
import { classifySmtpError } from '#src/mail/smtp-error.classifier.js';
import { SmtpTransport } from '#src/mail/smtp.transport.js';
import { DigestRenderer, personalise } from '#src/rendering/digest-renderer.js';
import { TemplateCatalog } from '#src/rendering/template-catalog.js';
import { digestInput, TEMPLATES_DIR } from '../../factories/digest-input.factory.js';
import { headerLine, startSmtpSink, type SmtpSink } from '../../support/smtp-sink.js';

const UNSUBSCRIBE = 'https://news.example.de/unsubscribe?token=tok-7';

async function newsletterMail(to: string): Promise<OutgoingMail> {
  const renderer = new DigestRenderer(await TemplateCatalog.load(TEMPLATES_DIR));
  const issue = await renderer.compileIssue(digestInput());
  const body = personalise(issue, { name: 'Anna', unsubscribeUrl: UNSUBSCRIBE, preferencesUrl: 'https://news.example.de/preferences?token=tok-7' });
  const { headers, messageId } = buildNewsletterHeaders({
    unsubscribeUrl: UNSUBSCRIBE,
    unsubscribeMailto: 'mailto:unsubscribe+tok-7@news.example.de',
    list: { name: 'Huawei-News', slug: 'huawei', domain: 'news.example.de' },
    senderDomain: 'news.example.de',
    messageKey: 'issue:42/subscriber:7',
    feedback: { campaignId: 'issue-42', newsletterId: 'huawei', mailType: 'digest', senderId: 'postbote' },
  });
  return { from: { name: 'Huawei-News', address: 'news@news.example.de' }, to, subject: body.subject, html: body.html, text: body.text, headers, messageId };
}

describe('SmtpTransport against a real SMTP server', () => {
  let sink: SmtpSink;
  let transport: SmtpTransport | undefined;

  beforeEach(async () => {
    sink = await startSmtpSink((address) => {
      if (address.startsWith('unknown@')) return '550 5.1.1 <unknown@example.net>: Recipient address rejected: User unknown';
      if (address.startsWith('later@')) return '451 4.3.0 Temporary lookup failure';
      if (address.startsWith('busy@')) return '421 4.7.0 Too many connections, try again later';
      if (address.startsWith('blocked@')) return '554 5.7.1 Client host rejected: blocked';
      return undefined;
    });
  });
  afterEach(async () => {
    await transport?.close();
    transport = undefined;
    await sink.close();
  });

  it('delivers the digest with exact newsletter headers, HTML and text parts', async () => {
    transport = new SmtpTransport({ url: sink.url, maxConnections: 1, maxMessages: 10 });
    const mail = await newsletterMail('anna@example.net');
    const result = await transport.send(mail);
    expect(result.messageId).toBe(mail.messageId);
    expect(result.response).toMatch(/^250 /);
    expect(sink.received).toHaveLength(1);
    const parsed = await simpleParser(sink.received[0].raw);
    const line = (key: string) => headerLine(parsed.headerLines, key);
    expect(line('List-Unsubscribe')).toBe(`List-Unsubscribe: <${UNSUBSCRIBE}>, <mailto:unsubscribe+tok-7@news.example.de>`);
    expect(line('List-Unsubscribe-Post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    // nodemailer spells the name "List-ID"; header names are case-insensitive (RFC 5322).
    expect(line('List-Id')).toBe('List-ID: "Huawei-News" <huawei.news.example.de>');
    expect(line('Feedback-ID')).toBe('Feedback-ID: issue-42:huawei:digest:postbote');
    expect(line('Precedence')).toBe('Precedence: bulk');
    expect(line('Auto-Submitted')).toBe('Auto-Submitted: auto-generated');
    expect(line('Message-ID')).toBe(`Message-ID: ${mail.messageId}`);
    expect(parsed.messageId).toMatch(/@news\.example\.de>$/);
    expect(parsed.subject).toBe('Huawei-News: Honor Magic 8 Pro kommt nach Europa – mit Google-Diensten und 2 weitere');
    expect(parsed.html).toContain('Verantwortlich i. S. d. § 18 Abs. 2 MStV');
    expect(parsed.html).toContain('Hallo Anna,');
    expect(parsed.text).toContain('HarmonyOS NEXT: Huawei trennt sich endgültig von Android');
    expect(parsed.text).toContain(UNSUBSCRIBE);
  });

  it('signs with DKIM covering List-Unsubscribe, List-Unsubscribe-Post and Feedback-ID', async () => {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    transport = new SmtpTransport({ url: sink.url, dkim: { domainName: 'news.example.de', keySelector: 'pb2026', privateKey } });
    await transport.send(await newsletterMail('anna@example.net'));
    const parsed = await simpleParser(sink.received[0].raw);
    const signature = headerLine(parsed.headerLines, 'DKIM-Signature') ?? '';
    expect(signature).toMatch(/\bd=news\.example\.de;/);
    expect(signature).toMatch(/\bs=pb2026;/);
    const signed = (/\bh=([^;]+);/.exec(signature)?.[1] ?? '').replace(/\s+/g, '').toLowerCase().split(':');
    expect(signed).toEqual(expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post', 'feedback-id', 'from', 'subject', 'list-id']));
  });

  it.each([
    ['unknown@example.net', 'unknown-mailbox'],
    ['later@example.net', 'temporary'],
    ['busy@example.net', 'temporary'],
    ['blocked@example.net', 'policy'],
  ] as const)('classifies the server rejecting %s as %s', async (to, expected) => {
    transport = new SmtpTransport({ url: sink.url, maxConnections: 1 });
    const error: unknown = await transport.send(await newsletterMail(to)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(classifySmtpError(error)).toBe(expected);
    expect(sink.received).toHaveLength(0);
  });

  it('classifies a refused connection as temporary', async () => {
    await sink.close();
    transport = new SmtpTransport({ url: sink.url, maxConnections: 1 });
    const error: unknown = await transport.send(await newsletterMail('anna@example.net')).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toMatch(/^E[A-Z]+$/);
    expect(classifySmtpError(error)).toBe('temporary');
    sink = await startSmtpSink();
  });
});
