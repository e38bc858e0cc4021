// DNS-rebinding guard: a bot listening on loopback answers only requests addressed to a loopback
// name (or a configured allowed host), so a web page whose domain was re-pointed at 127.0.0.1
// cannot drive the API from the victim's browser.

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The host name of a Host header value, without the port (IPv6 keeps its brackets). */
export function hostName(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end < 0 ? h : h.slice(0, end + 1);
  }
  const colon = h.indexOf(':');
  return colon < 0 ? h : h.slice(0, colon);
}

/** True when the Host header names loopback (any port), the listen address, or an allowed host. */
export function isAllowedHost(
  hostHeader: string | undefined,
  listenAddress: string,
  allowed: readonly string[],
): boolean {
  if (!hostHeader) return false;
  const name = hostName(hostHeader);
  const full = hostHeader.trim().toLowerCase();
  if (LOOPBACK_NAMES.has(name)) return true;
  const listen = listenAddress.includes(':') ? `[${listenAddress.toLowerCase()}]` : listenAddress.toLowerCase();
  if (name === listen) return true;
  return allowed.some((a) => {
    const entry = a.trim().toLowerCase();
    return entry === full || entry === name;
  });
}
