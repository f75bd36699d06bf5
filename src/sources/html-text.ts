import { compile } from 'html-to-text';

// One compiled converter for the whole process: html-to-text's compile step is the costly part.
const convertBlocks = compile({
  wordwrap: false,
  decodeEntities: true,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'figcaption', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'noscript', format: 'skip' },
    { selector: 'iframe', format: 'skip' },
    { selector: 'blockquote', format: 'block' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    { selector: 'table', format: 'block' },
    { selector: 'ul', options: { itemPrefix: '' } },
    { selector: 'ol', format: 'block' },
  ],
});

/** Plain-text paragraphs of an HTML fragment (scripts, styles, images and captions dropped). */
export function htmlToParagraphs(html: string): string[] {
  return convertBlocks(html)
    .split(/\n\s*\n/)
    .map((p) => collapseWhitespace(p))
    .filter((p) => p.length > 0);
}

/** One line of plain text from HTML, e.g. a title: entities decoded, tags (and scripts) dropped. */
export function htmlToLine(html: string): string {
  return collapseWhitespace(convertBlocks(html));
}

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
