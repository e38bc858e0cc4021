// IP addresses and CIDR ranges the configuration names (listen address, trusted proxies) and the
// API compares against: one parser (ipaddr.js) for IPv4 and IPv6 alike.

import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Strict parse: dotted-quad IPv4 or IPv6 (brackets allowed); IPv4-mapped IPv6 becomes IPv4. */
function parseAddress(raw: string): Address | undefined {
  let text = raw.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (!ipaddr.IPv6.isValid(text)) return undefined;
  const v6 = ipaddr.IPv6.parse(text);
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
}

/** Canonical text (IPv6 per RFC 5952, IPv4-mapped IPv6 as IPv4); undefined when not an IP. */
export function normalizeIp(raw: string): string | undefined {
  return parseAddress(raw)?.toString();
}

/** An exact address or a CIDR range such as 10.0.0.0/8 or fd00::/8, as [base, prefix length]. */
function parseRange(rule: string): [Address, number] | undefined {
  const slash = rule.indexOf('/');
  const base = parseAddress(slash === -1 ? rule : rule.slice(0, slash));
  if (!base) return undefined;
  const max = base.kind() === 'ipv4' ? 32 : 128;
  if (slash === -1) return [base, max];
  const bitsText = rule.slice(slash + 1).trim();
  const bits = Number(bitsText);
  if (!/^\d{1,3}$/.test(bitsText) || bits > max) return undefined;
  return [base, bits];
}

export function isIpOrCidr(rule: string): boolean {
  return parseRange(rule) !== undefined;
}

/** Whether `ip` is the address `rule` names or lies in its CIDR range; a malformed rule matches nothing. */
export function ipMatches(ip: string, rule: string): boolean {
  const address = parseAddress(ip);
  const range = parseRange(rule);
  if (!address || !range || address.kind() !== range[0].kind()) return false;
  return address.match(range);
}

/** localhost, 127.0.0.0/8 or ::1. */
export function isLoopbackAddress(address: string): boolean {
  if (address.trim().toLowerCase() === 'localhost') return true;
  return parseAddress(address)?.range() === 'loopback';
}
