// The client address behind configured reverse proxies. X-Forwarded-For is trusted only when the
// socket peer is a trusted proxy, and then only hop by hop from the right, so a client cannot pick
// the address it is counted (and locked out, and logged) under.

import { ipMatches, normalizeIp } from '../../config/ip-address.ts';

export function clientIpBehindProxies(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trustedProxies: readonly string[],
): string {
  let current = socketAddress ? (normalizeIp(socketAddress) ?? socketAddress) : 'unknown';
  if (!forwardedFor || trustedProxies.length === 0) return current;
  const hops = forwardedFor.split(',');
  const trusted = (ip: string) => trustedProxies.some((rule) => ipMatches(ip, rule));
  while (trusted(current) && hops.length > 0) {
    const next = normalizeIp(hops.pop() ?? '');
    if (!next) break; // garbage from the client side: keep the last trustworthy hop
    current = next;
  }
  return current;
}
