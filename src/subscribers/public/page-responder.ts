import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { PageLocale } from '#src/subscribers/consent/consent-wording.js';
import { resolvePageLocale } from '#src/subscribers/pages/page-locale.js';
import { PageRenderer, type PageData, type PageName } from '#src/subscribers/pages/page-renderer.js';
import type { RequestMeta } from '#src/subscribers/subscription.types.js';

const MAX_USER_AGENT = 512;

/**
 * Sends rendered pages with headers that suit pages carrying tokens in their URL: no caching,
 * no Referer leaking the token to other sites, no framing, no scripts.
 */
@Injectable()
export class PageResponder {
  constructor(private readonly renderer: PageRenderer) {}

  meta(req: Request): RequestMeta {
    const userAgent = req.get('user-agent');
    return {
      ip: req.ip ?? null,
      userAgent: userAgent === undefined ? null : userAgent.slice(0, MAX_USER_AGENT),
      locale: resolvePageLocale({ lang: req.query.lang, acceptLanguage: req.get('accept-language') }),
    };
  }

  send<P extends PageName>(req: Request, res: Response, status: number, page: P, locale: PageLocale, data: PageData[P]): void {
    const html = this.renderer.render(page, locale, data, { alternateLanguageUrl: alternateUrl(req, locale) });
    res
      .status(status)
      .set({
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        // same-origin, not no-referrer: tokens in the URL still never reach another site, and the
        // page's own form posts carry a real Origin (under no-referrer browsers send "Origin: null").
        'Referrer-Policy': 'same-origin',
        'X-Frame-Options': 'DENY',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
      })
      .send(html);
  }
}

/** The same page in the other language (path-relative, keeps the token). */
export function alternateUrl(req: Request, locale: PageLocale): string {
  const url = new URL(req.originalUrl, 'http://placeholder');
  url.searchParams.set('lang', locale === 'de' ? 'en' : 'de');
  return `${url.pathname}${url.search}`;
}

/** Relative URL of `path` with the token and the language kept. */
export function pageUrl(path: string, params: Readonly<Record<string, string | undefined>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, value);
  const query = search.toString();
  return query === '' ? path : `${path}?${query}`;
}
