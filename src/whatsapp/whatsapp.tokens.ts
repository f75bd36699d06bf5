import type { ImageFetcher } from './channel-poster.js';
import type { WhatsAppClientFactory } from './whatsapp-client.port.js';
import type { WhatsAppContent } from './whatsapp-content.port.js';
import type { SessionLease } from './session-lease.js';

export const WHATSAPP_CLIENT_FACTORY = Symbol('WHATSAPP_CLIENT_FACTORY');
export const WHATSAPP_IMAGE_FETCHER = Symbol('WHATSAPP_IMAGE_FETCHER');
export const WHATSAPP_SESSION_LEASE = Symbol('WHATSAPP_SESSION_LEASE');
export const WHATSAPP_CLOCK = Symbol('WHATSAPP_CLOCK');

/** Time and randomness of the posting queue, injectable so pacing is testable without waiting. */
export interface WhatsAppClock {
  now(): Date;
  /** In [0, 1): draws the jitter. */
  random(): number;
}

export const systemClock: WhatsAppClock = { now: () => new Date(), random: Math.random };

/**
 * The seams of the feature: the real whatsapp-web.js client, image fetcher, lease and clock by
 * default; tests inject fakes (a fake Client above all) through `AppModule.forRoot`.
 */
export interface WhatsAppSeams {
  clientFactory?: WhatsAppClientFactory;
  imageFetcher?: ImageFetcher;
  lease?: SessionLease;
  clock?: WhatsAppClock;
  /** Binds the content port here; otherwise the feature owning newsletters binds it globally. */
  content?: WhatsAppContent;
}
