import { satisfiesRole } from '#src/auth/roles.js';
import { CONSOLE_MESSAGES, type ConsoleLocale, type ConsoleMessages } from '#src/console/i18n/console-messages.js';
import type { ConsoleContext } from './console-context.js';
import { currentNavKey, NAVIGATION } from './navigation.js';

export type BannerKind = 'outbox' | 'noWorker' | 'insecureUrl';

export interface FrameView {
  lang: ConsoleLocale;
  timeZone: string;
  t: ConsoleMessages;
  csrfToken: string;
  user: { name: string; email: string; roleLabel: string; isAdmin: boolean } | null;
  nav: { href: string; label: string; current: boolean }[];
  banners: { kind: BannerKind; text: string }[];
  /** The other language: a link before login, a form that saves the choice after. */
  languageSwitch: { lang: ConsoleLocale; label: string; href: string };
  /** Path and query of this page, where the language switch returns to. */
  currentUrl: string;
  assetVersion: string;
}

/** The layout's data for one request: who is logged in, what they may open, what needs attention. */
export function buildFrameView(context: ConsoleContext, url: string, banners: readonly BannerKind[], assetVersion: string): FrameView {
  const t = CONSOLE_MESSAGES[context.locale];
  const user = context.active?.user ?? null;
  const parsed = new URL(url, 'http://placeholder');
  const current = currentNavKey(parsed.pathname);
  const other: ConsoleLocale = context.locale === 'de' ? 'en' : 'de';
  return {
    lang: context.locale,
    timeZone: context.timeZone,
    t,
    csrfToken: context.csrfToken,
    user: user && {
      name: user.name,
      email: user.email,
      roleLabel: user.role === 'admin' ? t.userMenu.roleAdmin : t.userMenu.roleEditor,
      isAdmin: user.role === 'admin',
    },
    nav: user
      ? NAVIGATION.filter((entry) => satisfiesRole(user.role, entry.role)).map((entry) => ({ href: entry.href, label: t.nav[entry.key], current: entry.key === current }))
      : [],
    banners: user ? banners.map((kind) => ({ kind, text: t.banners[kind] })) : [],
    languageSwitch: { lang: other, label: t.language.switchTo, href: withLang(parsed, other) },
    currentUrl: `${parsed.pathname}${parsed.search}`,
    assetVersion,
  };
}

/** The same page in another language, its query (a link's token) kept. */
function withLang(url: URL, lang: ConsoleLocale): string {
  const copy = new URL(url);
  copy.searchParams.set('lang', lang);
  return `${copy.pathname}${copy.search}`;
}
