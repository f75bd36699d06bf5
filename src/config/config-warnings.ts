import { DEFAULT_MAIL_FROM, DEFAULT_SITE_NAME, type Env } from './env.schema.js';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0']);

function isLocalUrl(url: string): boolean {
  try {
    return LOCAL_HOSTS.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * Settings that are valid but risky: the service starts, and the boot log says what readers or
 * the operator would otherwise find out the hard way. Mail-related ones matter only once
 * `SMTP_URL` sends to real people; on the outbox the defaults are what a first look needs.
 */
export function configWarnings(env: Env): string[] {
  const warnings: string[] = [];
  if (env.SMTP_URL) {
    if (env.MAIL_FROM === DEFAULT_MAIL_FROM) {
      warnings.push(`MAIL_FROM is the default "${DEFAULT_MAIL_FROM}": confirmation mails go out from an address no reader can answer and most providers reject; set your sender, e.g. "Beispiel-Blog <newsletter@beispiel.de>"`);
    }
    if (env.SITE_NAME === DEFAULT_SITE_NAME) {
      warnings.push(`SITE_NAME is the default "${DEFAULT_SITE_NAME}": confirmation mails read "… bei ${DEFAULT_SITE_NAME}"; set the name readers know your site by`);
    }
    if (!env.SITE_RESPONSIBLE_EDITOR) {
      warnings.push('SITE_RESPONSIBLE_EDITOR is not set: confirmation mails name no responsible editor (§ 18 (2) MStV), only a pointer to the Impressum');
    }
    if (isLocalUrl(env.PUBLIC_URL)) {
      warnings.push(`PUBLIC_URL is ${env.PUBLIC_URL}: every confirm, unsubscribe and archive link in a mail points at the reader's own machine; set the address readers reach Postbote at`);
    } else if (env.PUBLIC_URL.startsWith('http://')) {
      warnings.push(`PUBLIC_URL is plain http (${env.PUBLIC_URL}): reader tokens in links travel unencrypted; use https behind your reverse proxy`);
    }
  }
  if (env.ALLOW_PRIVATE_SOURCES && (env.SMTP_URL || env.DATABASE_URL)) {
    warnings.push('ALLOW_PRIVATE_SOURCES is true: sources and images may be fetched from private and loopback addresses (the SSRF guard is off); keep it for development or an intranet feed only');
  }
  return warnings;
}
