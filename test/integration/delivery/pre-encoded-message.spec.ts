import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { EncodedIssueBodies } from '#src/delivery/encoded-issue-bodies.js';
import { toNodemailerMessage } from '#src/mail/mail-transport.js';
import { DigestRenderer, digestRecipientValues, personalise, type CompiledIssue } from '#src/rendering/digest-renderer.js';
import { TemplateCatalog } from '#src/rendering/template-catalog.js';
import { digestInput, TEMPLATES_DIR } from '../../factories/digest-input.factory.js';

const readers = [
  { name: 'Anna <b>Müller</b> & Söhne', unsubscribeUrl: 'https://news.example.de/unsubscribe?token=abc.DEF_123-x&x=1', preferencesUrl: 'https://news.example.de/preferences?token=abc.DEF_123-x&x=1' },
  { name: undefined, unsubscribeUrl: `https://news.example.de/unsubscribe?token=${'q'.repeat(180)}`, preferencesUrl: 'https://news.example.de/p?t=1' },
];

/** The message as a mail client sees it, after nodemailer wrote it out. */
async function delivered(issue: CompiledIssue, bodies: ReturnType<EncodedIssueBodies['for']>, reader: (typeof readers)[number]) {
  const values = digestRecipientValues(issue.locale, reader);
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await transport.sendMail(
    toNodemailerMessage({ from: { address: 'news@news.example.de' }, to: 'leser@example.net', subject: 's', html: bodies.html.fill(values.html), text: bodies.text.fill(values.raw) }),
  );
  const raw = (info.message as Buffer).toString('latin1');
  return { raw, parsed: await simpleParser(info.message) };
}

describe('bodies encoded once per issue, filled per reader', () => {
  let issue: CompiledIssue;

  beforeAll(async () => {
    issue = await new DigestRenderer(await TemplateCatalog.load(TEMPLATES_DIR)).compileIssue(digestInput());
  });

  it.each(readers)('decode to exactly what personalising the issue gives (reader %#)', async (reader) => {
    const bodies = new EncodedIssueBodies().for('issue-1', issue);
    const { raw, parsed } = await delivered(issue, bodies, reader);
    const expected = personalise(issue, reader);
    expect(parsed.html).toBe(expected.html.replace(/\r?\n/g, '\n'));
    expect(parsed.text?.trimEnd()).toBe(expected.text.replace(/\r?\n/g, '\n').trimEnd());
    expect(raw).toMatch(/Content-Type: multipart\/alternative;/);
    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
  });

  it('encodes an issue once and again only when its content changed', () => {
    const cache = new EncodedIssueBodies();
    const first = cache.for('issue-1', issue);
    expect(cache.for('issue-1', { html: `${issue.html}`, text: issue.text })).toBe(first);
    expect(cache.for('issue-1', { html: `${issue.html} `, text: issue.text })).not.toBe(first);
  });
});
