import { convert, type HtmlToTextOptions } from 'html-to-text';

const OPTIONS: HtmlToTextOptions = {
  wordwrap: 78,
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
  ],
};

/** Converts compiled mail HTML (placeholders included) to the text/plain part, once per issue. */
export function htmlToPlainText(html: string): string {
  // Trailing spaces come from MJML's layout whitespace and only bloat the part.
  return `${convert(html, OPTIONS).replace(/[ \t\u00a0]+$/gm, '').trim()}\n`;
}
