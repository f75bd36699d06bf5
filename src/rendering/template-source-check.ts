import Handlebars from 'handlebars';
import { compileMjml, MjmlCompileError } from './mjml-compiler.js';
import type { TemplateProblem } from './rendering-errors.js';

/**
 * Replaces Handlebars tags by MJML-neutral text of the same line count, so MJML's validator
 * reports lines of the file on disk: values become "x" (valid in text, href and src), block and
 * partial tags disappear.
 */
export function neutraliseHandlebars(source: string): string {
  return source.replace(/\{\{\{?([\s\S]*?)\}?\}\}/g, (tag, inner: string) => {
    const newlines = tag.replace(/[^\n]/g, '');
    const body = inner.trim().replace(/^~/, '').trim();
    return /^([#/>^!]|else\b)/.test(body) ? newlines : `x${newlines}`;
  });
}

function handlebarsLine(error: unknown): number | undefined {
  const withLine = error as { lineNumber?: unknown; message?: unknown };
  if (typeof withLine.lineNumber === 'number') return withLine.lineNumber;
  const match = /line (\d+)/.exec(String(withLine.message));
  return match ? Number(match[1]) : undefined;
}

/** Checks one template file on its own: Handlebars syntax, then strict MJML with file lines. */
export async function checkTemplateSource(file: string, source: string, fragment: boolean): Promise<TemplateProblem[]> {
  try {
    Handlebars.parse(source);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return [{ file, line: handlebarsLine(error), message: `Handlebars: ${message}` }];
  }
  if (/<mj-include\b/.test(source)) {
    return [{ file, line: lineOf(source, source.indexOf('<mj-include')), message: 'use a Handlebars partial ({{> name}}) instead of <mj-include>' }];
  }
  // Fragments are wrapped on the first line, so their line numbers stay those of the file.
  const neutral = neutraliseHandlebars(source);
  const document = fragment ? `<mjml><mj-body>${neutral}</mj-body></mjml>` : neutral;
  try {
    await compileMjml(document);
    return [];
  } catch (error) {
    if (!(error instanceof MjmlCompileError)) throw error;
    return error.problems.map((p) => ({ file, line: p.line, message: p.message }));
  }
}

function lineOf(source: string, index: number): number {
  return source.slice(0, index).split('\n').length;
}
