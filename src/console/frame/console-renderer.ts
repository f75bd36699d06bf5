import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import Handlebars from 'handlebars';
import { registerConsoleHelpers } from './console-helpers.js';
import type { FrameView } from './frame-view.js';

type Template = (context: unknown) => string;

async function hbsFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.hbs')).map((e) => join(e.parentPath, e.name));
}

const nameOf = (root: string, file: string): string => relative(root, file).slice(0, -'.hbs'.length).split(sep).join('/');

/**
 * The console's Handlebars templates from `templates/admin/` (a configured directory, never
 * `src/`): `layout.hbs` wraps every page, `partials/*.hbs` are shared pieces and the fragments
 * htmx swaps, `pages/**\/*.hbs` are screens. `strict` turns a missing field into an error, and
 * there is no triple-stash anywhere: every value is escaped.
 */
export class ConsoleRenderer {
  private constructor(
    private readonly pages: ReadonlyMap<string, Template>,
    private readonly fragments: ReadonlyMap<string, Template>,
  ) {}

  static async load(adminDir: string): Promise<ConsoleRenderer> {
    const handlebars = Handlebars.create();
    registerConsoleHelpers(handlebars);
    const read = async (file: string): Promise<string> => {
      try {
        return await readFile(file, 'utf8');
      } catch (error) {
        throw new Error(`console templates: cannot read ${file}: ${(error as Error).message}`, { cause: error });
      }
    };
    handlebars.registerPartial('layout', await read(join(adminDir, 'layout.hbs')));
    const fragments = new Map<string, Template>();
    const partialsDir = join(adminDir, 'partials');
    for (const file of await hbsFiles(partialsDir)) {
      const source = await read(file);
      const name = nameOf(partialsDir, file);
      handlebars.registerPartial(name, source);
      fragments.set(name, handlebars.compile(source, { strict: true }));
    }
    const pages = new Map<string, Template>();
    const pagesDir = join(adminDir, 'pages');
    for (const file of await hbsFiles(pagesDir)) pages.set(nameOf(pagesDir, file), handlebars.compile(await read(file), { strict: true }));
    return new ConsoleRenderer(pages, fragments);
  }

  /** A whole page: the screen inside the layout. */
  page(name: string, frame: FrameView, data: object): string {
    return this.run(this.pages, 'page', name, frame, data);
  }

  /** One partial alone, for htmx to swap into a page that is already shown. */
  fragment(name: string, frame: FrameView, data: object): string {
    return this.run(this.fragments, 'partial', name, frame, data);
  }

  private run(templates: ReadonlyMap<string, Template>, kind: string, name: string, frame: FrameView, data: object): string {
    const template = templates.get(name);
    if (!template) throw new Error(`console templates: no ${kind} "${name}"`);
    return template({ ...frame, ...data });
  }
}
