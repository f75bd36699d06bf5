import helmet from 'helmet';

/**
 * Security headers on every answer (helmet). The policy suits the HTML Postbote serves besides
 * the reader pages (which send a stricter one of their own, page-responder.ts): archive pages and
 * issue previews carry inline styles and the news site's images; /docs loads its own scripts.
 * Framing is limited to Postbote's own pages, so a console may show a preview in a frame.
 */
export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
      },
    },
    frameguard: { action: 'sameorigin' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
