// The address a request came from (000 第二十九条: the audit trail records it). X-Forwarded-For
// is written by whoever sends the request, so it counts only as far as configured proxies
// (TRUSTED_PROXIES) vouch for it: walking the chain from the right, the first address that is
// not a trusted proxy is the client.
import { BlockList, isIP } from 'node:net';

/** A matcher over TRUSTED_PROXIES entries (single addresses or CIDR ranges, IPv4 or IPv6). */
export function proxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is matched and recorded as `10.0.0.1`. */
function plain(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/** Answers per list and address, remembered: a check builds a SocketAddress, a cost every request paid for the same few peers. */
const answers = new WeakMap<BlockList, Map<string, boolean>>();
const REMEMBERED_ADDRESSES = 1024;

function isTrusted(list: BlockList, address: string): boolean {
  let known = answers.get(list);
  if (!known) answers.set(list, (known = new Map()));
  let trusted = known.get(address);
  if (trusted === undefined) {
    const family = isIP(address);
    trusted = family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
    if (known.size >= REMEMBERED_ADDRESSES) known.clear();
    known.set(address, trusted);
  }
  return trusted;
}

/**
 * The client's address: the direct peer, unless the peer is a trusted proxy; then the right-most
 * X-Forwarded-For entry that is not a trusted proxy. A malformed entry ends the walk at the proxy
 * that passed it on (what lies left of it is not vouched for).
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trusted: BlockList,
): string | undefined {
  if (!peer) return undefined;
  let client = plain(peer);
  if (!isTrusted(trusted, client) || !forwardedFor) return client;
  const hops = forwardedFor.split(',').map((h) => plain(h.trim()));
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (isIP(hop) === 0) return client;
    client = hop;
    if (!isTrusted(trusted, hop)) return client;
  }
  return client; // every hop is a trusted proxy: the left-most one is as far as the chain goes
}
