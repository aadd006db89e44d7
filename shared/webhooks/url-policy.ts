// Where webhooks may go (docs/ARCHITECTURE.md section 9, SSRF): https only in the cloud, and never to a private,
// loopback, link-local, unique-local, CGNAT, multicast, reserved or metadata address, IPv4 or IPv6
// (IPv4-mapped, NAT64 and 6to4 forms included). Checked when a subscription is created and again
// before every attempt; the attempt then connects to the address that was checked (see
// pinnedLookup), so a DNS answer that changes in between (rebinding) cannot redirect it.
// Locally (STAGE=local) http and loopback are allowed so the demo can receive its own webhooks.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export type WebhookStage = 'local' | 'cloud';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Every address a host name resolves to (injected in tests). */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => ({
    address: entry.address,
    family: entry.family === 6 ? 6 : 4,
  }));

export type UrlVerdict =
  | { readonly allowed: true; readonly url: URL; readonly address: ResolvedAddress }
  | { readonly allowed: false; readonly code: UrlRefusal; readonly reason: string };

export type UrlRefusal =
  | 'WEBHOOK_URL_INVALID'
  | 'WEBHOOK_URL_SCHEME'
  | 'WEBHOOK_URL_CREDENTIALS'
  | 'WEBHOOK_URL_UNRESOLVABLE'
  | 'WEBHOOK_URL_FORBIDDEN_ADDRESS';

export const MAX_WEBHOOK_URL_LENGTH = 2000;

const refused = (code: UrlRefusal, reason: string): UrlVerdict => ({
  allowed: false,
  code,
  reason,
});

/** Checks a webhook URL and picks the address to connect to. Reasons never quote the URL. */
export async function checkWebhookUrl(
  raw: string,
  options: { readonly stage: WebhookStage; readonly resolve?: Resolver },
): Promise<UrlVerdict> {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH)
    return refused('WEBHOOK_URL_INVALID', `the URL is longer than ${MAX_WEBHOOK_URL_LENGTH}`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refused('WEBHOOK_URL_INVALID', 'not an absolute URL');
  }
  const schemes = options.stage === 'local' ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol))
    return refused('WEBHOOK_URL_SCHEME', `the URL must use ${schemes.join(' or ')}`);
  // credentials in a URL end up in places URLs are shown
  if (url.username !== '' || url.password !== '')
    return refused('WEBHOOK_URL_CREDENTIALS', 'the URL must not carry a user name or password');

  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: readonly ResolvedAddress[];
  const literal = isIP(host);
  if (literal !== 0) {
    addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await (options.resolve ?? systemResolver)(host);
    } catch {
      addresses = [];
    }
    if (addresses.length === 0)
      return refused('WEBHOOK_URL_UNRESOLVABLE', 'the host name does not resolve');
  }
  // every address must be allowed: a name that also resolves inward could be steered there
  for (const candidate of addresses) {
    const problem = forbiddenAddressReason(candidate.address, options.stage);
    if (problem !== undefined) return refused('WEBHOOK_URL_FORBIDDEN_ADDRESS', problem);
  }
  const [address] = addresses as [ResolvedAddress, ...ResolvedAddress[]];
  return { allowed: true, url, address };
}

const forbiddenV4: readonly [string, number, string][] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local or metadata'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved or broadcast'],
];

const forbiddenV6: readonly [string, number, string][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'IPv4-compatible'],
  ['100::', 64, 'discard'],
  ['2001::', 23, 'IETF protocol assignments'],
  ['2001:db8::', 32, 'documentation'],
  ['2002::', 16, '6to4'],
  ['fc00::', 7, 'unique-local or metadata'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

const blockLists = (() => {
  const v4 = new Map<string, BlockList>();
  const v6 = new Map<string, BlockList>();
  for (const [network, prefix, why] of forbiddenV4) {
    const list = v4.get(why) ?? new BlockList();
    list.addSubnet(network, prefix, 'ipv4');
    v4.set(why, list);
  }
  for (const [network, prefix, why] of forbiddenV6) {
    const list = v6.get(why) ?? new BlockList();
    list.addSubnet(network, prefix, 'ipv6');
    v6.set(why, list);
  }
  return { v4, v6 };
})();

/** Why an address may not receive webhooks, or undefined when it may. */
export function forbiddenAddressReason(address: string, stage: WebhookStage): string | undefined {
  const family = isIP(address);
  if (family === 4) return forbiddenV4Reason(address, stage);
  if (family !== 6) return 'not an IP address';
  const embedded = embeddedIpv4(address);
  // an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::/96) address reaches that IPv4 address
  if (embedded !== undefined) return forbiddenV4Reason(embedded, stage);
  for (const [why, list] of blockLists.v6) {
    if (!list.check(address, 'ipv6')) continue;
    if (why === 'loopback' && stage === 'local') return undefined;
    return `${why} address`;
  }
  return undefined;
}

function forbiddenV4Reason(address: string, stage: WebhookStage): string | undefined {
  for (const [why, list] of blockLists.v4) {
    if (!list.check(address, 'ipv4')) continue;
    if (why === 'loopback' && stage === 'local') return undefined;
    return `${why} address`;
  }
  return undefined;
}

/** The IPv4 address inside an IPv4-mapped or NAT64 IPv6 address. */
function embeddedIpv4(address: string): string | undefined {
  const groups = expandIpv6(address);
  if (groups === undefined) return undefined;
  const prefix = groups
    .slice(0, 6)
    .map((group) => group.toString(16))
    .join(':');
  const mapped = prefix === '0:0:0:0:0:ffff';
  const nat64 = prefix === '64:ff9b:0:0:0:0';
  if (!mapped && !nat64) return undefined;
  const high = groups[6] ?? 0;
  const low = groups[7] ?? 0;
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** The eight 16-bit groups of an IPv6 address (a dotted IPv4 tail is converted). */
function expandIpv6(address: string): number[] | undefined {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1] !== undefined) {
    const bytes = dotted[1].split('.').map(Number);
    const [a = 0, b = 0, c = 0, d = 0] = bytes;
    text =
      text.slice(0, -dotted[1].length) +
      `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  if (tail === undefined ? missing !== 0 : missing < 0) return undefined;
  const groups = [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups].map((group) =>
    Number.parseInt(group, 16),
  );
  return groups.some((group) => !Number.isInteger(group) || group < 0 || group > 0xffff)
    ? undefined
    : groups;
}

/**
 * A socket `lookup` that answers with the checked address whatever name it is asked for, so the
 * connection goes where the policy looked (TLS still verifies the certificate against the name).
 */
export function pinnedLookup(address: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) {
      (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [
        { address: address.address, family: address.family },
      ]);
    } else {
      callback(null, address.address, address.family);
    }
  };
}
