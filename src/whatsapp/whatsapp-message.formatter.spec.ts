import {
  CAPTION_MAX_LENGTH,
  formatArticleMessage,
  formatDigestMessage,
  neutraliseMarkup,
} from './whatsapp-message.formatter.js';

const WJ = '\u2060';
/** What a reader sees: the word joiners are invisible. */
const visible = (text: string): string => text.replaceAll(WJ, '');
/** A marker with a plain, non-joiner character on both sides could pair up into formatting. */
const bareMarker = /(^|[^\u2060])[*_~`]|[*_~`]($|[^\u2060])/;

describe('neutraliseMarkup', () => {
  it.each([
    ['*fett* und _kursiv_', '*fett* und _kursiv_'],
    ['~durch~ und `code` und ```block```', '~durch~ und `code` und ```block```'],
    ['P30_Pro*', 'P30_Pro*'],
  ])('guards every marker in %j while the visible text stays the same', (input, shown) => {
    const out = neutraliseMarkup(input);
    expect(visible(out)).toBe(shown);
    expect(out).not.toMatch(bareMarker);
  });

  it('guards quotes and list markers only at the start of a line', () => {
    const out = neutraliseMarkup('> Zitat\n- Punkt\n1. Erstens\na > b - c 2. d');
    expect(out).toBe(`${WJ}> Zitat\n${WJ}- Punkt\n${WJ}1. Erstens\na > b - c 2. d`);
  });
});

describe('formatArticleMessage', () => {
  it('formats *title*, excerpt and link, keeping umlauts and emoji', () => {
    const post = formatArticleMessage({
      title: 'Huawei: Über „Mate 70“ 🚀 – größer, schöner',
      excerpt: 'Das neue Flaggschiff ist da.',
      url: 'https://blog.example.de/huawei-mate-70/',
      imageUrl: 'https://blog.example.de/wp-content/uploads/mate.jpg',
    });
    expect(post).toEqual({
      text: '*Huawei: Über „Mate 70“ 🚀 – größer, schöner*\n\nDas neue Flaggschiff ist da.\n\nhttps://blog.example.de/huawei-mate-70/',
      imageUrl: 'https://blog.example.de/wp-content/uploads/mate.jpg',
    });
  });

  it('cannot be turned into other formatting by awkward titles', () => {
    const post = formatArticleMessage({
      title: '*Eilmeldung* _Mate_ ~X~ `P70` ```Pro```\n> kein Zitat',
      excerpt: 'Preis: 5*3 ~ 15 €',
      url: 'https://blog.example.de/a_b*c/',
    });
    const [title, excerpt, link] = post.text.split('\n\n');
    // The only live markers are the two stars around the title.
    expect(title.startsWith('*') && title.endsWith('*')).toBe(true);
    expect(title.slice(1, -1)).not.toMatch(bareMarker);
    expect(visible(title)).toBe('**Eilmeldung* _Mate_ ~X~ `P70` ```Pro``` > kein Zitat*');
    expect(visible(excerpt)).toBe('Preis: 5*3 ~ 15 €');
    expect(excerpt).not.toMatch(bareMarker);
    // A link must stay clickable, so it is never altered.
    expect(link).toBe('https://blog.example.de/a_b*c/');
  });

  it('fits the caption limit by shortening the excerpt at a word, never the link', () => {
    const url = 'https://blog.example.de/ein-sehr-langer-artikel-pfad/';
    const post = formatArticleMessage({ title: 'Titel', excerpt: 'Wörter 🚀 '.repeat(300), url });
    expect(post.text.length).toBeLessThanOrEqual(CAPTION_MAX_LENGTH);
    expect(post.text.length).toBeGreaterThan(CAPTION_MAX_LENGTH - 20);
    expect(post.text.endsWith(`…\n\n${url}`)).toBe(true);
    expect(post.text).toMatch(/(Wörter|🚀)…\n\n/);
  });

  it('shortens even a giant title without splitting an emoji or dropping the link', () => {
    const url = 'https://blog.example.de/x/';
    const post = formatArticleMessage({ title: `${'😀'.repeat(2000)}`, excerpt: 'kurz', url });
    expect(post.text.length).toBeLessThanOrEqual(CAPTION_MAX_LENGTH);
    expect(post.text.endsWith(url)).toBe(true);
    expect(post.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no lone high surrogate
    expect(post.text).toMatch(/^\*(?:😀)+…\*\n\nhttps/u);
  });

  it('posts text only when there is no lead image', () => {
    expect(formatArticleMessage({ title: 'A', url: 'https://x.example/', imageUrl: ' ' }).imageUrl).toBeNull();
  });
});

describe('formatDigestMessage', () => {
  const articles = [
    { title: 'Erster *Artikel*', excerpt: 'Eins.', url: 'https://blog.example.de/1/' },
    { title: 'Zweiter', excerpt: 'Zwei.', url: 'https://blog.example.de/2/' },
  ];

  it('lists every article under a German heading by default', () => {
    const { text, imageUrl } = formatDigestMessage(articles, { newsletterName: 'Huawei-News' });
    expect(imageUrl).toBeNull();
    expect(visible(text)).toBe(
      '*Huawei-News*: 2 neue Artikel\n\n*Erster *Artikel**\nhttps://blog.example.de/1/\n\n*Zweiter*\nhttps://blog.example.de/2/',
    );
  });

  it('speaks English and includes excerpts when asked', () => {
    const { text } = formatDigestMessage(articles.slice(1), { newsletterName: 'News', locale: 'en', includeExcerpts: true });
    expect(text).toBe('*News*: 1 new article\n\n*Zweiter*\nZwei.\nhttps://blog.example.de/2/');
  });

  it('drops trailing articles with a "more" line when it grows too long', () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ title: `Artikel ${i} ${'x'.repeat(80)}`, url: `https://blog.example.de/${i}/` }));
    const { text } = formatDigestMessage(many, { newsletterName: 'N', maxLength: 1_000 });
    expect(text.length).toBeLessThanOrEqual(1_000);
    expect(text).toMatch(/… und \d+ weitere$/);
    expect(text).toContain('https://blog.example.de/0/');
  });
});
