import { buildNewsletterHeaders, HeaderInputError, type NewsletterHeaderInput } from './newsletter-headers.js';

const input: NewsletterHeaderInput = {
  unsubscribeUrl: 'https://news.example.de/unsubscribe?token=abc',
  unsubscribeMailto: 'mailto:unsubscribe+abc@news.example.de',
  list: { name: 'Huawei-News "täglich"', slug: 'huawei', domain: 'news.example.de' },
  senderDomain: 'news.example.de',
  feedback: { campaignId: 'issue-42', newsletterId: 'huawei', mailType: 'digest', senderId: 'postbote' },
};

describe('buildNewsletterHeaders', () => {
  it('builds the bulk-mail headers', () => {
    const { headers, messageId } = buildNewsletterHeaders(input);
    expect(headers).toEqual({
      'List-Unsubscribe': '<https://news.example.de/unsubscribe?token=abc>, <mailto:unsubscribe+abc@news.example.de>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'List-Id': '"Huawei-News \\"täglich\\"" <huawei.news.example.de>',
      'Feedback-ID': 'issue-42:huawei:digest:postbote',
      Precedence: 'bulk',
      'Auto-Submitted': 'auto-generated',
    });
    expect(messageId).toMatch(/^<[0-9a-f-]+@news\.example\.de>$/);
  });

  it('keeps the Message-ID stable for one delivery key', () => {
    const a = buildNewsletterHeaders({ ...input, messageKey: 'issue:42/subscriber:7' }).messageId;
    expect(buildNewsletterHeaders({ ...input, messageKey: 'issue:42/subscriber:7' }).messageId).toBe(a);
    expect(buildNewsletterHeaders({ ...input, messageKey: 'issue:42/subscriber:8' }).messageId).not.toBe(a);
    expect(a).not.toContain('subscriber');
  });

  it('rejects unsafe or malformed values naming the field', () => {
    expect(() => buildNewsletterHeaders({ ...input, unsubscribeUrl: 'http://news.example.de/u' })).toThrow(/^unsubscribeUrl: must be an https URL/);
    expect(() => buildNewsletterHeaders({ ...input, unsubscribeUrl: 'https://x.de/u\r\nBcc: a@b.c' })).toThrow(HeaderInputError);
    expect(() => buildNewsletterHeaders({ ...input, list: { ...input.list, slug: 'a b' } })).toThrow(/^list\.slug: /);
    expect(() => buildNewsletterHeaders({ ...input, senderDomain: 'localhost' })).toThrow(/^senderDomain: /);
    expect(() => buildNewsletterHeaders({ ...input, feedback: { ...input.feedback, campaignId: 'a:b' } })).toThrow(/^feedback\.campaignId: /);
    expect(() => buildNewsletterHeaders({ ...input, unsubscribeMailto: 'unsubscribe@x.de' })).toThrow(/^unsubscribeMailto: /);
  });
});
