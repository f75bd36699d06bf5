import { resolvePageLocale } from './page-locale.js';

describe('resolvePageLocale', () => {
  it.each([
    [{}, 'de'],
    [{ lang: 'en' }, 'en'],
    [{ lang: 'EN-gb', acceptLanguage: 'de' }, 'en'],
    [{ lang: 'fr', acceptLanguage: 'en-US,en;q=0.9' }, 'en'],
    [{ lang: ['en'] }, 'de'],
    [{ acceptLanguage: 'en-US,en;q=0.9,de;q=0.8' }, 'en'],
    [{ acceptLanguage: 'de-AT,de;q=0.9,en;q=0.8' }, 'de'],
    [{ acceptLanguage: 'fr-FR,fr;q=0.9' }, 'de'],
    [{ acceptLanguage: 'fr, en;q=0.5' }, 'en'],
    [{ acceptLanguage: '*' }, 'de'],
    [{ acceptLanguage: 'garbage;;;' }, 'de'],
  ])('%j → %s', (request, expected) => {
    expect(resolvePageLocale(request)).toBe(expected);
  });
});
