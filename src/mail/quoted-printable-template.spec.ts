import { simpleParser } from 'mailparser';
import { QuotedPrintableTemplate, type TemplateSegment } from './quoted-printable-template.js';

type Slot = 'NAME' | 'URL';

/** Decodes an encoded body the way a mail client does, as the text part of a message. */
async function decode(quotedPrintable: string): Promise<string> {
  const message = `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${quotedPrintable}`;
  return (await simpleParser(message)).text ?? '';
}

function expected(segments: readonly TemplateSegment<Slot>[], values: Partial<Record<Slot, string>>): string {
  return segments
    .map((s) => (typeof s === 'string' ? s : (values[s.placeholder] ?? s.token)))
    .join('')
    .replace(/\r?\n/g, '\n');
}

const name = { placeholder: 'NAME', token: '__PB_NAME__' } as const;
const url = { placeholder: 'URL', token: '__PB_URL__' } as const;

describe('QuotedPrintableTemplate', () => {
  const cases: { title: string; segments: TemplateSegment<Slot>[]; values: Partial<Record<Slot, string>> }[] = [
    { title: 'umlauts and a long line around the slots', segments: [`Hallo ${'ä'.repeat(90)} `, name, `, <a href="`, url, `">abmelden</a>\n${'x'.repeat(200)}`], values: { NAME: 'Jürgen Größe', URL: `https://news.example.de/unsubscribe?token=${'A1b2='.repeat(40)}` } },
    { title: 'slots at the start, the end and next to each other', segments: [name, url, ' mitte ', url], values: { NAME: 'Ann', URL: 'https://x.de/?a=1&b=2' } },
    { title: 'whitespace and line breaks at the edges of a piece', segments: ['zeile \t\n  ', name, ' \n\nende  '], values: { NAME: ' leer ' } },
    { title: 'an unfilled slot shows its token, an empty value nothing', segments: ['a ', name, ' b ', url, ' c'], values: { URL: '' } },
    { title: 'characters quoted-printable must escape', segments: ['= =3D .\n.', name], values: { NAME: '=?utf-8?Q?x?= \u{1F600} \u00A0' } },
  ];

  it.each(cases)('decodes to the filled-in text: $title', async ({ segments, values }) => {
    const { quotedPrintable } = QuotedPrintableTemplate.compile(segments).fill(values);
    expect(await decode(quotedPrintable)).toBe(expected(segments, values));
    for (const line of quotedPrintable.split('\r\n')) {
      expect(line.length).toBeLessThanOrEqual(76);
      expect(line).toMatch(/^[\x20-\x7e\t]*$/);
    }
  });

  it('encodes the literal text once: filling for another reader changes only the slots', () => {
    const template = QuotedPrintableTemplate.compile<Slot>([`${'Grüße '.repeat(50)}`, name, ' Ende']);
    const anna = template.fill({ NAME: 'Anna' }).quotedPrintable;
    const bert = template.fill({ NAME: 'Bert' }).quotedPrintable;
    expect(anna.replace('Anna', 'Bert')).toBe(bert);
  });
});
