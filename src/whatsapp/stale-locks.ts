import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Chromium leaves `SingletonLock`, `SingletonSocket` and `SingletonCookie` (symlinks) in its
 * profile when it crashes or is killed; the next launch then refuses the profile as "in use".
 * Only one Postbote process drives a profile, so any lock found before starting is stale.
 * Returns the names removed.
 */
export async function removeStaleChromiumLocks(profileDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(profileDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const locks = names.filter((name) => name.startsWith('Singleton'));
  // rm without recursion removes a symlink itself, even a dangling one, never its target.
  await Promise.all(locks.map((name) => rm(path.join(profileDir, name), { force: true })));
  return locks;
}
