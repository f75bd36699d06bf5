import iconv from 'iconv-lite';
import type { ArticleTerm, NormalizedArticle } from './normalized-article.js';

const TEXT_FIELDS = ['externalId', 'url', 'title', 'excerpt', 'imageUrl', 'imageAlt', 'imageCredit', 'author', 'language'] as const;

const C1_CONTROLS = /[\u0080-\u009f]/g;
// What each C1 code point meant in the windows-1252 text a CMS stored as if it were Latin-1;
// the five bytes windows-1252 leaves undefined map to nothing.
const WINDOWS_1252_MEANING = [...iconv.decode(Buffer.from(Array.from({ length: 32 }, (_, i) => i + 0x80)), 'windows-1252')].map((c) => (c === '\ufffd' ? '' : c));

interface Repair {
  /** Applied to every text field; returns the value unchanged when there is nothing to repair. */
  apply: (value: string) => string;
  /** The warning for one article, given the fields that were repaired. */
  describe: (article: NormalizedArticle, fields: string[]) => string;
}

const REPAIRS: readonly Repair[] = [
  {
    // PostgreSQL cannot store U+0000: one broken character must not fail the whole poll.
    apply: (value) => (value.includes('\0') ? value.replaceAll('\0', '') : value),
    describe: (article, fields) => `article ${article.externalId}: removed NUL characters (U+0000) from ${fields.join(', ')}`,
  },
  {
    // A classic CMS bug: windows-1252 text (€ „ “ – ’) stored as Latin-1 and served as UTF-8, or
    // written as `&#150;`. Browsers show the intended characters; so do we.
    apply: (value) => (/[\u0080-\u009f]/.test(value) ? value.replace(C1_CONTROLS, (c) => WINDOWS_1252_MEANING[c.charCodeAt(0) - 0x80]) : value),
    describe: (article, fields) =>
      `article ${article.externalId}: C1 control characters (U+0080–U+009F) in ${fields.join(', ')} read as the windows-1252 characters they stand for (€ „ “ – …)`,
  },
];

/**
 * Repairs text a source delivered before it is stored: NUL characters removed, C1 controls read as
 * windows-1252. Each repair becomes a warning, which the poller logs and shows on the source's
 * health.
 */
export function repairArticleText(articles: readonly NormalizedArticle[]): { articles: NormalizedArticle[]; warnings: string[] } {
  const warnings: string[] = [];
  const repaired = articles.map((article) =>
    REPAIRS.reduce((current, repair) => {
      const { article: next, fields } = applyToFields(current, repair.apply);
      if (fields.length > 0) warnings.push(repair.describe(next, fields));
      return next;
    }, article),
  );
  return { articles: repaired, warnings };
}

function applyToFields(article: NormalizedArticle, apply: (value: string) => string): { article: NormalizedArticle; fields: string[] } {
  const fields: string[] = [];
  const clean = (value: string, field: string): string => {
    const result = apply(value);
    if (result !== value) fields.push(field);
    return result;
  };
  const copy = { ...article };
  for (const key of TEXT_FIELDS) {
    const value = copy[key];
    if (value !== undefined) copy[key] = clean(value, key);
  }
  const terms = (list: ArticleTerm[], field: string) => list.map((t, i) => ({ name: clean(t.name, `${field}.${i}.name`), slug: clean(t.slug, `${field}.${i}.slug`) }));
  copy.tags = terms(article.tags, 'tags');
  copy.categories = terms(article.categories, 'categories');
  return { article: copy, fields };
}
