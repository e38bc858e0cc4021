// CORS for a FreqUI served from another origin: exact origins from api_server.CORS_origins (a
// trailing slash in the config is tolerated), credentials allowed, never `*`. A preflight from an
// origin not on the list gets Starlette's 400 "Disallowed CORS origin".

import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { ApiDeps, AppEnv } from './context.ts';

const strip = (o: string) => o.replace(/\/+$/, '');

export function corsMiddleware(deps: ApiDeps): MiddlewareHandler<AppEnv> {
  const allowed = (origin: string | undefined): boolean => {
    if (!origin) return false;
    const want = strip(origin);
    return deps.config().api_server.CORS_origins.some((o) => strip(o) === want);
  };
  const handler = cors({
    origin: (origin) => (allowed(origin) ? origin : null),
    credentials: true,
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    maxAge: 600,
  });
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (!origin || deps.config().api_server.CORS_origins.length === 0) return next();
    // Websocket upgrades are not CORS requests (browsers do not preflight them).
    if (c.req.header('upgrade')?.toLowerCase() === 'websocket') return next();
    const preflight = c.req.method === 'OPTIONS' && c.req.header('access-control-request-method') !== undefined;
    if (preflight && !allowed(origin)) {
      return new Response('Disallowed CORS origin', { status: 400, headers: { 'content-type': 'text/plain' } });
    }
    return handler(c, next);
  };
}
