import type { Role } from '#src/auth/roles.js';
import type { FrameMessages } from '#src/console/i18n/frame.messages.js';

export interface NavEntry {
  key: Exclude<keyof FrameMessages['nav'], 'label'>;
  href: string;
  /** The least role that sees (and may open) the screen. */
  role: Role;
}

/** The console's main navigation, in order. A screen's controller guards the same role. */
export const NAVIGATION: readonly NavEntry[] = [
  { key: 'today', href: '/admin', role: 'editor' },
  { key: 'sources', href: '/admin/sources', role: 'editor' },
  { key: 'articles', href: '/admin/articles', role: 'editor' },
  { key: 'newsletters', href: '/admin/newsletters', role: 'editor' },
  { key: 'issues', href: '/admin/issues', role: 'editor' },
  { key: 'subscribers', href: '/admin/subscribers', role: 'admin' },
  { key: 'whatsapp', href: '/admin/whatsapp', role: 'editor' },
  { key: 'settings', href: '/admin/settings', role: 'admin' },
];

/** The entry a path belongs to: the longest href that is the path or a parent of it. */
export function currentNavKey(path: string): string | null {
  let best: NavEntry | null = null;
  for (const entry of NAVIGATION) {
    // The dashboard lives at the console's root, which every other path starts with.
    const matches = path === entry.href || (entry.href !== '/admin' && path.startsWith(`${entry.href}/`));
    if (matches && (!best || entry.href.length > best.href.length)) best = entry;
  }
  return best?.key ?? null;
}
