// The client address behind configured reverse proxies. X-Forwarded-For is trusted only when the
// socket peer is a trusted proxy, and then only hop by hop from the right, so a client cannot pick
// the address it is counted (and locked out, and logged) under.

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}$/i;

/** Lower-cased, IPv4-mapped IPv6 (::ffff:1.2.3.4) reduced to IPv4; undefined when not an IP. */
export function normalizeIp(raw: string): string | undefined {
  let a = raw.trim().toLowerCase();
  if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1);
  if (a.startsWith('::ffff:') && IPV4.test(a.slice(7))) a = a.slice(7);
  if (IPV4.test(a)) return a;
  if (!IPV6.test(a) || a.includes(':::')) return undefined;
  const compressed = a.split('::').length - 1;
  const groups = a.split(':').length;
  return (compressed === 1 && groups <= 9) || (compressed === 0 && groups === 8) ? a : undefined;
}

function ipv4ToInt(a: string): number {
  return a.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** Exact address, or an IPv4 CIDR such as 10.0.0.0/8. */
export function ipMatches(ip: string, rule: string): boolean {
  const [base, bitsText] = rule.split('/', 2);
  const baseIp = normalizeIp(base);
  if (!baseIp) return false;
  if (bitsText === undefined) return baseIp === ip;
  const bits = Number(bitsText);
  if (!IPV4.test(baseIp) || !IPV4.test(ip) || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : 2 ** 32 - 2 ** (32 - bits);
  return (ipv4ToInt(ip) & mask) >>> 0 === (ipv4ToInt(baseIp) & mask) >>> 0;
}

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
