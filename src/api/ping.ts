// /api/v1/ping answered ahead of the middleware chain (issue 19 point 1). The answer is the one
// the full chain gives (same body, same API security headers, built once with the same
// function); whenever a middleware could change it (CORS origin to answer, Host to refuse,
// access line to log, body to limit) the request takes the full chain instead. The Node host
// answers the same pings one level lower still, before @hono/node-server (hosts/node/fast-ping.ts).

import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { isLoopbackAddress } from '../config/ip-address.ts';
import type { Config } from '../config/schema.ts';
import type { ApiDeps, ApiHost, AppEnv } from './context.ts';
import { isAllowedHost } from './middleware/host-check.ts';
import { API_SECURITY_HEADERS, applySecurityHeaders } from './middleware/security-headers.ts';

export const PING_PATH = '/api/v1/ping';
const PONG = { status: 'pong' as const };

/** Headers of the pong answer as the request pipeline leaves them, computed once. */
async function pongHeaders(): Promise<[string, string][]> {
  const probe = new OpenAPIHono();
  probe.get(PING_PATH, (c) => c.json(PONG, 200));
  const res = await probe.request(PING_PATH);
  applySecurityHeaders(res.headers, API_SECURITY_HEADERS);
  return [...res.headers.entries()];
}

const loopbackListen = new WeakMap<Config, boolean>();

/** Whether the config listens on loopback (the Host check applies), worked out once per config object. */
function listensOnLoopback(config: Config): boolean {
  let loopback = loopbackListen.get(config);
  if (loopback === undefined) {
    loopback = isLoopbackAddress(config.api_server.listen_ip_address);
    loopbackListen.set(config, loopback);
  }
  return loopback;
}

/** True when some middleware of the full chain would act on a GET /ping with these headers. */
export function pingNeedsFullChain(
  config: Config,
  runtime: ApiHost['runtime'],
  header: (name: string) => string | undefined,
): boolean {
  if (header('content-length') !== undefined || header('transfer-encoding') !== undefined) return true;
  const api = config.api_server;
  if (api.CORS_origins.length > 0 && header('origin') !== undefined) return true;
  if (runtime !== 'node') return false;
  if (api.verbosity === 'info') return true;
  return listensOnLoopback(config) && !isAllowedHost(header('host'), api.listen_ip_address, api.allowed_hosts);
}

export function fastPing(deps: ApiDeps): MiddlewareHandler<AppEnv> {
  let headers: Promise<[string, string][]> | undefined;
  const body = JSON.stringify(PONG);
  return async (c, next) => {
    if (c.req.method !== 'GET' || pingNeedsFullChain(deps.config(), deps.host.runtime, (n) => c.req.header(n))) {
      return next();
    }
    headers ??= pongHeaders();
    return new Response(body, { status: 200, headers: await headers });
  };
}
