import { Injectable } from '@nestjs/common';
import { AppConfig } from '#src/config/app-config.js';
import { SubscriberTokenService } from './subscriber-token.js';

/** Builds the signed public links (absolute, under PUBLIC_URL) for one subscriber. */
@Injectable()
export class SubscriberLinks {
  constructor(
    private readonly config: AppConfig,
    private readonly tokens: SubscriberTokenService,
  ) {}

  confirm(subscriberId: string, tokenVersion: number, locale: 'de' | 'en'): string {
    return this.url('/confirm', this.tokens.issue({ subscriberId, purpose: 'confirm', tokenVersion }), locale);
  }

  preferences(subscriberId: string, locale: 'de' | 'en' = 'de'): string {
    return this.url('/preferences', this.tokens.issue({ subscriberId, purpose: 'preferences' }), locale);
  }

  unsubscribe(subscriberId: string, locale: 'de' | 'en' = 'de'): string {
    return this.url('/unsubscribe', this.tokens.issue({ subscriberId, purpose: 'unsubscribe' }), locale);
  }

  unsubscribeToken(subscriberId: string): string {
    return this.tokens.issue({ subscriberId, purpose: 'unsubscribe' });
  }

  private url(path: string, token: string, locale: 'de' | 'en'): string {
    const url = new URL(`${this.config.http.publicUrl}${path}`);
    url.searchParams.set('token', token);
    if (locale === 'en') url.searchParams.set('lang', 'en');
    return url.toString();
  }
}
