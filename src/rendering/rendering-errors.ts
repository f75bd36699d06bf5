/** One problem found in a template file; `line` is 1-based and refers to the file on disk. */
export interface TemplateProblem {
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

export class TemplateValidationError extends Error {
  constructor(readonly problems: readonly TemplateProblem[]) {
    super(
      `Invalid email templates:\n${problems
        .map((p) => `  ${p.file}${p.line === undefined ? '' : `:${p.line}`}: ${p.message}`)
        .join('\n')}`,
    );
    this.name = 'TemplateValidationError';
  }
}

/** Bad input to a renderer; `field` names the offending input path. */
export class RenderInputError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'RenderInputError';
  }
}
