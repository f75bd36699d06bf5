import { Injectable } from '@nestjs/common';
import { AppConfig } from '#src/config/app-config.js';
import { SystemRepository } from '#src/system/system.repository.js';
import type { BannerKind } from './frame-view.js';

// A worker counts as alive if it beat within this many heartbeat intervals (as /health counts).
const MISSED_BEATS_TOLERATED = 3;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Conditions every staff member should see on every screen until someone fixes them. */
@Injectable()
export class ConsoleBanners {
  constructor(
    private readonly config: AppConfig,
    private readonly system: SystemRepository,
  ) {}

  async current(): Promise<BannerKind[]> {
    const banners: BannerKind[] = [];
    if (!this.config.mail.smtpUrl) banners.push('outbox');
    const since = new Date(Date.now() - MISSED_BEATS_TOLERATED * this.config.jobs.heartbeatMs);
    if ((await this.system.heartbeatsSince(since)).length === 0) banners.push('noWorker');
    if (isInsecurePublicUrl(this.config.http.publicUrl)) banners.push('insecureUrl');
    return banners;
  }
}

/** http on a real host name; plain http on localhost is a developer's machine, not production. */
export function isInsecurePublicUrl(publicUrl: string): boolean {
  const url = new URL(publicUrl);
  return url.protocol !== 'https:' && !LOCAL_HOSTS.has(url.hostname) && !url.hostname.endsWith('.localhost');
}

export const usesHttps = (publicUrl: string): boolean => publicUrl.startsWith('https:');
