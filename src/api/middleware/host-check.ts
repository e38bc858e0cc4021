// DNS-rebinding guard: a bot listening on loopback answers only requests addressed to a loopback
// name (or a configured allowed host), so a web page whose domain was re-pointed at 127.0.0.1
// cannot drive the API from the victim's browser.

import type { MiddlewareHandler } from 'hono';
import { isLoopbackAddress } from '../../config/ip-address.ts';
import type { ApiDeps } from '../context.ts';
import { jsonResponse } from '../errors.ts';

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

/** Applies on the Node host when it listens on loopback; elsewhere every Host is accepted. */
export function hostHeaderGuard(deps: ApiDeps): MiddlewareHandler {
  return async (c, next) => {
    const api = deps.config().api_server;
    if (deps.host.runtime === 'node' && isLoopbackAddress(api.listen_ip_address)) {
      if (!isAllowedHost(c.req.header('host'), api.listen_ip_address, api.allowed_hosts)) {
        return jsonResponse({ detail: 'Invalid host header' }, 400);
      }
    }
    await next();
  };
}
