import { parseEmailAddress, suppressionHash } from '#src/subscribers/email-address.js';
import type { NewSubscriber } from '#src/subscribers/subscribers.repository.js';
import { TEST_SECRET_KEY } from '../support/test-config.js';

/**
 * A subscriber row as the repository stores it (address key and suppression hash derived the
 * production way); tests override what they care about.
 */
export function subscriberRow(email: string, overrides: Partial<NewSubscriber> = {}): NewSubscriber {
  const address = parseEmailAddress(email);
  return {
    email: address.display,
    emailKey: address.key,
    suppressionHash: suppressionHash(address, TEST_SECRET_KEY),
    name: null,
    status: 'active',
    locale: 'de',
    source: 'form',
    newsletters: [],
    ...overrides,
  };
}
