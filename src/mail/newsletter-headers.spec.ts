import { buildNewsletterHeaders, HeaderInputError, type NewsletterHeaderInput } from './newsletter-headers.js';

const input: NewsletterHeaderInput = {
  unsubscribeUrl: 'https://news.example.de/unsubscribe?token=abc',
  unsubscribeMailto: 'mailto:unsubscribe+abc@news.example.de',
  list: { name: 'Huawei-News "daily"', slug: 'huawei', domain: 'news.example.de' },
  senderDomain: 'news.example.de',
  feedback: { campaignId: 'issue-42', newsletterId: 'huawei', mailType: 'digest', senderId: 'postbote' },
};

describe('buildNewsletterHeaders', () => {
  it('builds the bulk-mail headers', () => {
    const { headers, messageId } = buildNewsletterHeaders(input);
    expect(headers).toEqual({
      'List-Unsubscribe': '<https://news.example.de/unsubscribe?token=abc>, <mailto:unsubscribe+abc@news.example.de>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'List-Id': '"Huawei-News \\"daily\\"" <huawei.news.example.de>',
      'Feedback-ID': 'issue-42:huawei:digest:postbote',
      Precedence: 'bulk',
      'Auto-Submitted': 'auto-generated',
    });
    expect(messageId).toMatch(/^<[0-9a-f-]+@news\.example\.de>$/);
  });

  it('encodes a non-ASCII list name as RFC 2047 words and keeps every header ASCII', () => {
    const { headers } = buildNewsletterHeaders({
      ...input,
      unsubscribeUrl: 'https://nachrichten.bücher.example/abmelden?token=ä',
      list: { ...input.list, name: 'Huawei-News täglich – mit Umlauten äöü und noch etwas mehr Text' },
    });
    const [words] = headers['List-Id'].split(' <');
    const decoded = words.split(' ').map((w) => Buffer.from(/^=\?UTF-8\?B\?(.*)\?=$/.exec(w)![1], 'base64').toString()).join('');
    expect(decoded).toBe('Huawei-News täglich – mit Umlauten äöü und noch etwas mehr Text');
    expect(words.split(' ').every((w) => w.length <= 75)).toBe(true);
    expect(headers['List-Unsubscribe']).toContain('<https://nachrichten.xn--bcher-kva.example/abmelden?token=%C3%A4>');
    expect(Object.values(headers).join('')).toMatch(/^[\x20-\x7e]*$/);
  });

  it('keeps the Message-ID stable for one delivery key', () => {
    const a = buildNewsletterHeaders({ ...input, messageKey: 'issue:42/subscriber:7' }).messageId;
    expect(buildNewsletterHeaders({ ...input, messageKey: 'issue:42/subscriber:7' }).messageId).toBe(a);
    expect(buildNewsletterHeaders({ ...input, messageKey: 'issue:42/subscriber:8' }).messageId).not.toBe(a);
    expect(a).not.toContain('subscriber');
  });

  it('rejects unsafe or malformed values naming the field', () => {
    expect(() => buildNewsletterHeaders({ ...input, unsubscribeUrl: 'ftp://news.example.de/u' })).toThrow(/^unsubscribeUrl: must be an http\(s\) URL/);
    expect(() => buildNewsletterHeaders({ ...input, unsubscribeUrl: 'https://x.de/u\r\nBcc: a@b.c' })).toThrow(HeaderInputError);
    expect(() => buildNewsletterHeaders({ ...input, list: { ...input.list, slug: 'a b' } })).toThrow(/^list\.slug: /);
    expect(() => buildNewsletterHeaders({ ...input, senderDomain: 'localhost' })).toThrow(/^senderDomain: /);
    expect(() => buildNewsletterHeaders({ ...input, feedback: { ...input.feedback, campaignId: 'a:b' } })).toThrow(/^feedback\.campaignId: /);
    expect(() => buildNewsletterHeaders({ ...input, unsubscribeMailto: 'unsubscribe@x.de' })).toThrow(/^unsubscribeMailto: /);
  });

  it('offers one-click (List-Unsubscribe-Post) only for an https target, as RFC 8058 requires', () => {
    const { headers } = buildNewsletterHeaders({ ...input, unsubscribeUrl: 'http://localhost:3000/unsubscribe?token=abc' });
    expect(headers['List-Unsubscribe']).toContain('<http://localhost:3000/unsubscribe?token=abc>');
    expect(headers).not.toHaveProperty('List-Unsubscribe-Post');
  });
});
