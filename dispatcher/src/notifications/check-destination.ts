/**
 * Server-side request forgery guard for outbound webhooks: the destination's host is resolved and
 * every address it resolves to is classified (ipaddr.js); loopback, private, link-local, unique
 * local, carrier-grade NAT, unspecified, multicast, broadcast and reserved addresses are refused
 * unless the operator allows them (GRAPE_NOTIFY_ALLOW: `loopback`, or `private` for every
 * non-public range). The delivery then connects to the address that was checked (pinned), so a
 * second DNS answer cannot move it elsewhere (DNS rebinding).
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

export type DestinationPolicy = 'public' | 'loopback' | 'private';

export type Lookup = (host: string) => Promise<readonly { address: string; family: number }[]>;

export const systemLookup: Lookup = (host) => dnsLookup(host, { all: true, verbatim: true });

export class DestinationError extends Error {
  override readonly name = 'DestinationError';
}

/** The range of an address as ipaddr.js names it (`unicast` is public). */
function rangeOf(address: string): string {
  const parsed = ipaddr.process(address); // IPv4-mapped IPv6 reads as the IPv4 address
  return parsed.range();
}

/** Checks a webhook URL; returns the address to connect to. */
export async function checkDestination(
  raw: string,
  policy: DestinationPolicy,
  lookup: Lookup = systemLookup,
): Promise<{ readonly url: URL; readonly address: string; readonly family: number }> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DestinationError(
      `url '${raw}' is not a URL: use e.g. 'https://hooks.example.com/grape'.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new DestinationError(
      `url '${raw}' is not http(s): use e.g. 'https://hooks.example.com/grape'.`,
    );
  if (url.username || url.password)
    throw new DestinationError(
      `url '${url.host}…' carries credentials: put the secret in the path or let the signature authenticate Grape.`,
    );
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: readonly { address: string; family: number }[];
  try {
    addresses = ipaddr.isValid(host)
      ? [{ address: host, family: host.includes(':') ? 6 : 4 }]
      : await lookup(host);
  } catch (error) {
    throw new DestinationError(
      `url host '${host}' does not resolve (${(error as Error).message}): check the name.`,
    );
  }
  if (addresses.length === 0)
    throw new DestinationError(`url host '${host}' does not resolve: check the name.`);
  for (const { address } of addresses) {
    const range = rangeOf(address);
    const allowed =
      range === 'unicast' ||
      (range === 'loopback' && policy !== 'public') ||
      (policy === 'private' &&
        range !== 'unspecified' &&
        range !== 'multicast' &&
        range !== 'broadcast');
    if (!allowed)
      throw new DestinationError(
        `url host '${host}' resolves to ${address}, a ${range} address: webhooks go to public addresses only (server-side request forgery guard). An operator can allow ${range === 'loopback' ? 'loopback with GRAPE_NOTIFY_ALLOW=loopback' : 'private ranges with GRAPE_NOTIFY_ALLOW=private'}.`,
      );
  }
  return { url, address: addresses[0]!.address, family: addresses[0]!.family };
}
