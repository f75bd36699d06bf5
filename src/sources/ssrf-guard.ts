import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Why an address may not be fetched, or null when it is a public unicast address. Covers
 * private, loopback, link-local (cloud metadata at 169.254.169.254), unique-local, CGNAT,
 * multicast and reserved ranges, including IPv4 addresses mapped into IPv6.
 */
export function nonPublicReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return null;
  const range = ipaddr.process(address).range();
  if (range === 'unicast') return null;
  return `address ${address} is private (${range})`;
}

/** Thrown from the DNS lookup so the socket is never opened. */
export class PrivateAddressError extends Error {
  override readonly name = 'PrivateAddressError';
  constructor(readonly reason: string) {
    super(reason);
  }
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `dns.lookup` replacement for socket connects: it checks every resolved address, so a host name
 * pointing at 127.0.0.1 (or re-pointed after a first check: DNS rebinding) is refused at the same
 * resolution the connection uses.
 */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    for (const { address } of addresses) {
      const reason = nonPublicReason(address);
      if (reason) return callback(new PrivateAddressError(`${hostname}: ${reason}`), []);
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
    callback(null, first.address, first.family);
  });
}

/** Literal IPs in a URL skip DNS entirely, so they are checked up front. */
export function literalAddressReason(hostname: string): string | null {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return isIP(bare) ? nonPublicReason(bare) : null;
}
