import mjml2html from 'mjml';

/** A problem reported by MJML's validator, with the line in the compiled source. */
export interface MjmlProblem {
  readonly line?: number;
  readonly message: string;
}

export class MjmlCompileError extends Error {
  constructor(readonly problems: readonly MjmlProblem[]) {
    super(problems.map((p) => `line ${p.line ?? '?'}: ${p.message}`).join('; '));
    this.name = 'MjmlCompileError';
  }
}

interface MjmlValidatorEntry {
  line?: unknown;
  message?: unknown;
}

function toProblems(error: unknown): MjmlProblem[] {
  const entries = (error as { errors?: unknown }).errors;
  if (!Array.isArray(entries) || entries.length === 0) {
    return [{ message: error instanceof Error ? error.message : String(error) }];
  }
  return (entries as MjmlValidatorEntry[]).map((e) => ({
    line: typeof e.line === 'number' ? e.line : undefined,
    message: typeof e.message === 'string' ? e.message : 'invalid MJML',
  }));
}

/**
 * Compiles MJML strictly. `fonts: {}` keeps Google Fonts out of the mail (a request to Google
 * per open is a privacy problem under German law). Minification stays off: the output of a
 * 5-article digest is ~35 KB, well under Gmail's clipping limit, and htmlnano would need cssnano
 * resolved from its own folder and rewrites whitespace around our placeholders.
 */
export async function compileMjml(source: string): Promise<string> {
  try {
    const result = await mjml2html(source, {
      validationLevel: 'strict',
      fonts: {},
      keepComments: false,
      minify: false,
      beautify: false,
    });
    return result.html;
  } catch (error) {
    throw new MjmlCompileError(toProblems(error));
  }
}
