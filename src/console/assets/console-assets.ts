import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The console's two static files, read once at start. */
export class ConsoleAssets {
  private constructor(
    readonly htmx: Buffer,
    readonly stylesheet: Buffer,
  ) {}

  static async load(adminTemplatesDir: string): Promise<ConsoleAssets> {
    // htmx.org from npm (pinned in package-lock), resolved like any dependency.
    const htmxPath = join(createRequire(import.meta.url).resolve('htmx.org/package.json'), '..', 'dist', 'htmx.min.js');
    const [htmx, stylesheet] = await Promise.all([readFile(htmxPath), readFile(join(adminTemplatesDir, 'assets', 'console.css'))]);
    return new ConsoleAssets(htmx, stylesheet);
  }
}
