// /api/v1/ping answered ahead of the middleware chain (issue 19 point 1). The answer is the one
// the full chain gives (same body, same security headers, built once through the same
// middleware); whenever a middleware could change it (CORS origin to answer, Host to refuse,
// access line to log, body to limit) the request takes the full chain instead.

import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { isLoopbackAddress } from '../config/ip-address.ts';
import type { ApiDeps, AppEnv } from './context.ts';
import { isAllowedHost } from './middleware/host-check.ts';
import { securityHeaders } from './middleware/security-headers.ts';

export const PING_PATH = '/api/v1/ping';
const PONG = { status: 'pong' as const };

/** Headers of the pong answer as the security middleware leaves them, computed once. */
async function pongHeaders(): Promise<[string, string][]> {
  const probe = new OpenAPIHono();
  probe.use('*', securityHeaders());
  probe.get('/', (c) => c.json(PONG, 200));
  const res = await probe.request('/');
  return [...res.headers.entries()];
}

/** True when some middleware of the full chain would act on this ping. */
function needsFullChain(deps: ApiDeps, c: Context): boolean {
  const req = c.req;
  if (req.header('content-length') !== undefined || req.header('transfer-encoding') !== undefined) return true;
  const api = deps.config().api_server;
  if (api.CORS_origins.length > 0 && req.header('origin') !== undefined) return true;
  if (deps.host.runtime !== 'node') return false;
  if (api.verbosity === 'info') return true;
  return (
    isLoopbackAddress(api.listen_ip_address) &&
    !isAllowedHost(req.header('host'), api.listen_ip_address, api.allowed_hosts)
  );
}

export function fastPing(deps: ApiDeps): MiddlewareHandler<AppEnv> {
  let headers: Promise<[string, string][]> | undefined;
  const body = JSON.stringify(PONG);
  return async (c, next) => {
    if (c.req.method !== 'GET' || needsFullChain(deps, c)) return next();
    headers ??= pongHeaders();
    return new Response(body, { status: 200, headers: await headers });
  };
}
