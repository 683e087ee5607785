/**
 * Where webhooks may go: public unicast addresses only, unless the operator allows private
 * ones (PARCOURS_WEBHOOK_ALLOW_PRIVATE=1, for a receiver on the same machine or network).
 * Otherwise a webhook would let an admin's URL reach the server's own loopback services,
 * the private network or the cloud metadata endpoint (server-side request forgery).
 *
 * A URL is checked when a webhook is created or changed (400 naming `url`), and again at
 * every delivery, on the very addresses the connection uses: `guardedLookup` resolves the
 * host for the socket and refuses before connecting, so a DNS answer that changes between
 * the check and the connection (DNS rebinding) changes nothing. See docs/decisions/011.
 */
import { promises as dns } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

export type ResolvedAddress = { address: string; family: number };

export type WebhookNetworkPolicy = {
  /** deliver to loopback, private, link-local… addresses too (an operator's choice) */
  allowPrivate: boolean;
  /** resolves a host name to every address it has (default: the system's resolver) */
  resolve?: (host: string) => Promise<ResolvedAddress[]>;
};

export const PUBLIC_ONLY: WebhookNetworkPolicy = { allowPrivate: false };

const systemResolve = (host: string) => dns.lookup(host, { all: true, verbatim: true });

const RANGE_NAMES: Record<string, string> = {
  loopback: 'a loopback',
  private: 'a private',
  linkLocal: 'a link-local',
  uniqueLocal: 'a unique-local',
  unspecified: 'the unspecified',
  carrierGradeNat: 'a carrier-grade NAT',
  broadcast: 'a broadcast',
  multicast: 'a multicast',
};

const ALLOW_HINT = 'webhooks go to public addresses only (PARCOURS_WEBHOOK_ALLOW_PRIVATE=1 allows others)';

/**
 * Why this address may not receive webhooks, or null. IPv4-mapped IPv6 forms are judged as
 * the IPv4 address they carry; anything but public unicast is refused (ipaddr.js's ranges).
 */
export function refusedAddress(address: string): string | null {
  if (!ipaddr.isValid(address)) return `'${address}' is not an IP address`;
  const ip = ipaddr.process(address);
  const range = ip.range();
  if (range === 'unicast') return null;
  return `${ip.toString()} is ${RANGE_NAMES[range] ?? `a special-purpose (${range})`} address`;
}

/** The host of an http(s) URL, without the brackets of an IPv6 literal. */
function hostOf(url: string): string {
  return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
}

/** Why a name's addresses may not receive webhooks, or null (every address is public). */
function refusedAddresses(host: string, addresses: readonly ResolvedAddress[]): string | null {
  for (const { address } of addresses) {
    const reason = refusedAddress(address);
    if (reason) return `'${host}' resolves to ${reason}`;
  }
  return null;
}

/**
 * Why this webhook URL is refused, or null. A name that does not resolve now is accepted:
 * it points nowhere yet, and every delivery checks what it resolves to then.
 */
export async function refusedDestination(url: string, policy: WebhookNetworkPolicy): Promise<string | null> {
  if (policy.allowPrivate) return null;
  const host = hostOf(url);
  if (ipaddr.isValid(host)) {
    const reason = refusedAddress(host);
    return reason && `${reason}; ${ALLOW_HINT}`;
  }
  const addresses = await (policy.resolve ?? systemResolve)(host).catch(() => []);
  const reason = refusedAddresses(host, addresses);
  return reason && `${reason}; ${ALLOW_HINT}`;
}

/** A delivery refused by the policy: recorded as failed at once (a retry would be refused too). */
export class DestinationRefused extends Error {
  readonly code = 'EDESTINATION';
  constructor(reason: string) {
    super(`destination refused: ${reason}; ${ALLOW_HINT}`);
    this.name = 'DestinationRefused';
  }
}

/** The check for an IP literal, which a socket connects to without any lookup. */
export function refusedLiteral(url: string, policy: WebhookNetworkPolicy): DestinationRefused | null {
  if (policy.allowPrivate) return null;
  const host = hostOf(url);
  if (!ipaddr.isValid(host)) return null;
  const reason = refusedAddress(host);
  return reason ? new DestinationRefused(reason) : null;
}

/**
 * The socket's `lookup`: resolves the host and hands the connection only checked addresses,
 * or fails it with DestinationRefused before it connects.
 */
export function guardedLookup(policy: WebhookNetworkPolicy): LookupFunction {
  const resolve = policy.resolve ?? systemResolve;
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (all) => {
        const addresses = options.family ? all.filter((a) => a.family === options.family) : all;
        const reason = policy.allowPrivate ? null : refusedAddresses(hostname, addresses);
        const first = addresses[0];
        if (reason) callback(new DestinationRefused(reason), '', 0);
        else if (!first)
          callback(Object.assign(new Error(`no address for '${hostname}'`), { code: 'ENOTFOUND' }), '', 0);
        else if (options.all)
          (callback as (err: null, addresses: ResolvedAddress[]) => void)(null, addresses);
        else callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };
}
