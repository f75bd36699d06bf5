import { watch } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import { compileMjml, MjmlCompileError } from './mjml-compiler.js';
import { TemplateValidationError, type TemplateProblem } from './rendering-errors.js';
import { SAMPLE_CONTEXTS } from './sample-contexts.js';
import { checkTemplateSource } from './template-source-check.js';
import type { ConfirmContext, DigestContext } from './template-context.js';

export type TemplateName = 'digest' | 'confirm';

interface TemplateContexts {
  digest: DigestContext;
  confirm: ConfirmContext;
}

type CompiledTemplates = { [K in TemplateName]: Handlebars.TemplateDelegate<TemplateContexts[K]> };

const TOP_LEVEL: readonly TemplateName[] = ['digest', 'confirm'];
const LAYOUT_FILE = 'layout.mjml';
const PARTIALS_DIR = 'partials';

interface SourceFile {
  readonly file: string;
  readonly source: string;
}

async function readSources(dir: string): Promise<{ files: SourceFile[]; problems: TemplateProblem[] }> {
  const names = [LAYOUT_FILE, ...TOP_LEVEL.map((n) => `${n}.mjml`)];
  const partials = await readdir(path.join(dir, PARTIALS_DIR)).catch(() => []);
  names.push(...partials.filter((f) => f.endsWith('.mjml')).map((f) => `${PARTIALS_DIR}/${f}`));
  const files: SourceFile[] = [];
  const problems: TemplateProblem[] = [];
  for (const file of names) {
    try {
      files.push({ file, source: await readFile(path.join(dir, file), 'utf8') });
    } catch (error) {
      problems.push({ file, message: `cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
    }
  }
  return { files, problems };
}

function buildTemplates(files: readonly SourceFile[]): CompiledTemplates {
  // One isolated Handlebars environment per load: a reload never leaks old partials.
  const hb = Handlebars.create();
  hb.registerHelper('lines', (value: unknown) =>
    new hb.SafeString(String(value).split('\n').map((line) => hb.escapeExpression(line)).join('<br />')),
  );
  const byName = new Map(files.map((f) => [f.file, f.source]));
  hb.registerPartial('layout', byName.get(LAYOUT_FILE) ?? '');
  for (const { file, source } of files) {
    if (file.startsWith(`${PARTIALS_DIR}/`)) hb.registerPartial(file.slice(PARTIALS_DIR.length + 1, -'.mjml'.length), source);
  }
  const compile = <C>(name: TemplateName) => hb.compile<C>(byName.get(`${name}.mjml`) ?? '', { strict: true });
  return { digest: compile<DigestContext>('digest'), confirm: compile<ConfirmContext>('confirm') };
}

async function checkComposed(templates: CompiledTemplates): Promise<TemplateProblem[]> {
  const problems: TemplateProblem[] = [];
  const runs: Array<[TemplateName, () => string]> = [
    ...SAMPLE_CONTEXTS.digest.map((c): [TemplateName, () => string] => ['digest', () => templates.digest(c)]),
    ...SAMPLE_CONTEXTS.confirm.map((c): [TemplateName, () => string] => ['confirm', () => templates.confirm(c)]),
  ];
  for (const [name, render] of runs) {
    const file = `${name}.mjml (with layout and partials, sample data)`;
    try {
      await compileMjml(render());
    } catch (error) {
      if (error instanceof MjmlCompileError) problems.push(...error.problems.map((p) => ({ file, ...p })));
      else problems.push({ file, message: error instanceof Error ? error.message : String(error) });
    }
    if (problems.length > 0) break;
  }
  return problems;
}

/** Loads and strictly validates every template; throws TemplateValidationError listing all problems. */
async function loadTemplates(dir: string): Promise<CompiledTemplates> {
  const { files, problems } = await readSources(dir);
  for (const { file, source } of files) {
    problems.push(...(await checkTemplateSource(file, source, file !== LAYOUT_FILE)));
  }
  if (problems.length > 0) throw new TemplateValidationError(problems);
  const templates = buildTemplates(files);
  const composedProblems = await checkComposed(templates);
  if (composedProblems.length > 0) throw new TemplateValidationError(composedProblems);
  return templates;
}

/**
 * The email templates of one directory (`templates/` by default, configured by the caller),
 * validated strictly at load. `reload()` swaps in a new set only when it is valid, so a broken
 * edit never takes the mails down.
 */
export class TemplateCatalog {
  private constructor(
    readonly directory: string,
    private templates: CompiledTemplates,
  ) {}

  static async load(directory: string): Promise<TemplateCatalog> {
    return new TemplateCatalog(directory, await loadTemplates(directory));
  }

  async reload(): Promise<void> {
    this.templates = await loadTemplates(this.directory);
  }

  /** Expands a template with Handlebars (escaping on, strict) into MJML source. */
  renderMjml<K extends TemplateName>(name: K, context: TemplateContexts[K]): string {
    return (this.templates[name] as Handlebars.TemplateDelegate<TemplateContexts[K]>)(context);
  }

  /**
   * Re-validates after any change in the directory (debounced). `onResult` receives the error of
   * a failed reload (the previous templates stay active) or undefined. Returns a stop function.
   */
  watch(onResult: (error?: Error) => void, debounceMs = 200): () => void {
    let timer: NodeJS.Timeout | undefined;
    const watcher = watch(this.directory, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        this.reload().then(
          () => onResult(),
          (error: unknown) => onResult(error instanceof Error ? error : new Error(String(error))),
        );
      }, debounceMs);
    });
    return () => {
      clearTimeout(timer);
      watcher.close();
    };
  }
}
