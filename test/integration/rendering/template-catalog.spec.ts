import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TemplateValidationError } from '#src/rendering/rendering-errors.js';
import { SAMPLE_CONTEXTS } from '#src/rendering/sample-contexts.js';
import { TemplateCatalog } from '#src/rendering/template-catalog.js';
import { TEMPLATES_DIR } from '../../factories/digest-input.factory.js';

async function expectProblems(dir: string): Promise<TemplateValidationError> {
  const error: unknown = await TemplateCatalog.load(dir).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TemplateValidationError);
  return error as TemplateValidationError;
}

async function edit(dir: string, file: string, change: (source: string) => string): Promise<void> {
  const full = path.join(dir, file);
  await writeFile(full, change(await readFile(full, 'utf8')));
}

describe('TemplateCatalog', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'postbote-templates-'));
    await cp(TEMPLATES_DIR, dir, { recursive: true });
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('loads the shipped templates', async () => {
    await expect(TemplateCatalog.load(TEMPLATES_DIR)).resolves.toBeInstanceOf(TemplateCatalog);
  });

  it('names file and line of an MJML error in a partial', async () => {
    await edit(dir, 'partials/teaser.mjml', (s) => s.replace('<mj-text>{{excerpt}}</mj-text>', '<mj-text colour="red">{{excerpt}}</mj-text>'));
    const line = (await readFile(path.join(dir, 'partials/teaser.mjml'), 'utf8')).split('\n').findIndex((l) => l.includes('colour')) + 1;
    const error = await expectProblems(dir);
    expect(error.problems).toEqual([{ file: 'partials/teaser.mjml', line, message: 'Attribute colour is illegal' }]);
    expect(error.message).toContain(`partials/teaser.mjml:${line}: Attribute colour is illegal`);
  });

  it('names file and line of a Handlebars syntax error', async () => {
    await edit(dir, 'confirm.mjml', (s) => s.replace('{{t.confirmButton}}', '{{#if t.confirmButton}}'));
    const error = await expectProblems(dir);
    expect(error.problems[0]?.file).toBe('confirm.mjml');
    expect(error.problems[0]?.line).toBeGreaterThan(1);
  });

  it('rejects a template that reads a field the renderer does not provide', async () => {
    await edit(dir, 'digest.mjml', (s) => s.replace('{{t.digestIntro}}', '{{t.digestIntro}} {{author}}'));
    const error = await expectProblems(dir);
    expect(error.message).toMatch(/digest\.mjml \(with layout and partials, sample data\).*author/);
  });

  it('reports a missing file and forbids mj-include', async () => {
    await unlink(path.join(dir, 'confirm.mjml'));
    await edit(dir, 'layout.mjml', (s) => s.replace('{{> @partial-block}}', '<mj-include path="./x.mjml" />'));
    const error = await expectProblems(dir);
    expect(error.problems.map((p) => p.file).sort()).toEqual(['confirm.mjml', 'layout.mjml']);
    expect(error.message).toContain('instead of <mj-include>');
  });

  it('keeps the last valid templates when a reload fails and picks up a valid change', async () => {
    const catalog = await TemplateCatalog.load(dir);
    await edit(dir, 'partials/teaser.mjml', (s) => s.replace('<mj-column>', '<mj-colum>'));
    await expect(catalog.reload()).rejects.toThrow(/partials\/teaser\.mjml:2: .*mj-colum/);
    const [sample] = SAMPLE_CONTEXTS.digest;
    expect(catalog.renderMjml('digest', sample)).not.toContain('mj-colum>');
    await edit(dir, 'partials/teaser.mjml', (s) => s.replace('<mj-colum>', '<mj-column>').replace('{{excerpt}}', '{{excerpt}} NEU'));
    await catalog.reload();
    expect(catalog.renderMjml('digest', sample)).toContain('Sample NEU');
  });

  it('re-validates when a template file changes', async () => {
    const catalog = await TemplateCatalog.load(dir);
    const result = new Promise<Error | undefined>((resolve) => {
      const stop = catalog.watch((error) => {
        stop();
        resolve(error);
      }, 20);
    });
    await edit(dir, 'layout.mjml', (s) => s.replace('<mj-body', '<mj-body colr="x"'));
    expect((await result)?.message).toMatch(/layout\.mjml:\d+: Attribute colr is illegal/);
  });
});
