import { RE2JS } from 're2js';

/** What the excerpt builder asks of a boilerplate pattern: our RegExps and admins' RE2 patterns alike. */
export interface TextPattern {
  test(text: string): boolean;
}

/**
 * Boilerplate is a short line ("Quelle: …", "Folgt uns auf WhatsApp"); a longer paragraph is
 * article text and is not run through admin-supplied patterns at all.
 */
export const MAX_PATTERN_INPUT = 2_000;
export const MAX_PATTERN_LENGTH = 500;

export class PatternSyntaxError extends Error {}

/**
 * Compiles an admin-supplied pattern on RE2 (re2js, pure JavaScript): matching takes linear time
 * in the input, so `^(a+)+$` cannot freeze the process the way it does on a backtracking engine.
 * RE2 has no lookaround and no backreferences; such patterns are refused with the reason.
 * Case-insensitive, like the built-in patterns.
 */
export function compileAdminPattern(source: string): TextPattern {
  if (source.length > MAX_PATTERN_LENGTH) throw new PatternSyntaxError(`longer than ${MAX_PATTERN_LENGTH} characters`);
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    throw new PatternSyntaxError(error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error));
  }
  return { test: (text) => text.length <= MAX_PATTERN_INPUT && compiled.test(text) };
}
