import Handlebars from 'handlebars';
import { RenderInputError } from './rendering-errors.js';

/** Values a subject template can use. */
export interface SubjectValues {
  readonly newsletter: string;
  readonly firstTitle: string;
  readonly moreCount: number;
  readonly articleCount: number;
}

// Subjects are plain text (a header, not HTML): escaping would show "&amp;" in inboxes.
const subjects = Handlebars.create();
subjects.registerHelper('plural', (count: unknown, one: unknown, other: unknown) =>
  count === 1 ? String(one) : String(other),
);

/**
 * Renders a subject template such as
 * `{{newsletter}}: {{firstTitle}}{{#if moreCount}} und {{moreCount}} {{plural moreCount "weiterer" "weitere"}}{{/if}}`.
 * `moreCount` is 0 for a one-article issue, which `#if` treats as false.
 */
export function renderSubject(template: string, values: SubjectValues): string {
  let rendered: string;
  try {
    rendered = subjects.compile(template, { strict: true, noEscape: true })(values);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new RenderInputError('newsletter.subjectTemplate', reason);
  }
  // A header must stay on one line, whatever the data contains.
  return rendered.replace(/\s+/g, ' ').trim();
}
