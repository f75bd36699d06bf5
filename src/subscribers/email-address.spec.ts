import {
  InvalidEmailError,
  parseEmailAddress,
  suppressionHash,
  tryParseEmailAddress,
} from './email-address.js';

const SECRET = 'a-server-secret-of-at-least-32-characters!';

describe('parseEmailAddress', () => {
  it('trims and lower-cases the domain but keeps the local part as typed', () => {
    const address = parseEmailAddress('  Max.Muster@Example.DE \n');
    expect(address.key).toBe('Max.Muster@example.de');
    expect(address.display).toBe('Max.Muster@example.de');
    expect(address.suppressionKey).toBe('max.muster@example.de');
  });

  it('treats addresses that differ only in domain case as the same key', () => {
    expect(parseEmailAddress('anna@EXAMPLE.de').key).toBe(parseEmailAddress('anna@example.DE').key);
    expect(parseEmailAddress('Anna@example.de').key).not.toBe(parseEmailAddress('anna@example.de').key);
  });

  it('accepts IDN domains: punycode for the key, Unicode for display', () => {
    const address = parseEmailAddress('leser@Müller-Straße.de');
    expect(address.domainAscii).toBe('xn--mller-strae-46a18a.de');
    expect(address.key).toBe('leser@xn--mller-strae-46a18a.de');
    expect(address.display).toBe('leser@müller-straße.de');
    expect(parseEmailAddress('leser@xn--mller-strae-46a18a.de').key).toBe(address.key);
  });

  it.each([
    ['', 'email: empty'],
    ['   ', 'email: empty'],
    ['max.example.de', 'email: missing @'],
    ['a@b@example.de', 'email: more than one @'],
    ['max muster@example.de', 'email: contains whitespace'],
    ['@example.de', 'email: local part is empty'],
    [`${'a'.repeat(65)}@example.de`, 'email: local part is too long'],
    ['jürgen@example.de', 'email: local part must be ASCII'],
    ['max@', 'email: domain is empty'],
    ['max@localhost', 'email: domain has no dot'],
    ['max@exa%mple.de', 'email: domain is not a valid domain name'],
    [`a@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(10)}.de`, 'email: address is too long'],
    ['max..muster@example.de', 'email: invalid syntax'],
    ['max@-example.de', 'email: invalid syntax'],
    ['max@[127.0.0.1]', 'email: domain is not a valid domain name'],
  ])('rejects %j with %j', (input, message) => {
    expect(() => parseEmailAddress(input)).toThrow(InvalidEmailError);
    expect(() => parseEmailAddress(input)).toThrow(message);
  });

  it('tryParseEmailAddress returns the reason instead of throwing', () => {
    expect(tryParseEmailAddress('nope')).toEqual({
      ok: false,
      reason: 'missing @',
      message: 'email: missing @',
    });
    const ok = tryParseEmailAddress('ok@example.org');
    expect(ok.ok && ok.address.key).toBe('ok@example.org');
  });
});

describe('suppressionHash', () => {
  it('is stable, case-insensitive over the whole address and keyed by the secret', () => {
    const a = suppressionHash(parseEmailAddress('Max@Example.de'), SECRET);
    const b = suppressionHash(parseEmailAddress('max@example.de'), SECRET);
    const other = suppressionHash(parseEmailAddress('max@example.de'), `${SECRET}x`);
    expect(a).toMatch(/^[0-9a-f]{64}$/u);
    expect(a).toBe(b);
    expect(other).not.toBe(a);
    expect(a).not.toContain('max');
  });
});
