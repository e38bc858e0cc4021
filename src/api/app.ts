// The Hono app: the same on every host. Public routes first, then the auth wall, then private
// routes; freqtrade's error shapes everywhere.

import { OpenAPIHono } from '@hono/zod-openapi';
import { registerAuditRoutes } from './audit.ts';
import { requireAuth } from './auth/middleware.ts';
import type { ApiDeps, AppEnv } from './context.ts';
import { handleError, jsonResponse } from './errors.ts';
import { registerSecurityMiddleware } from './middleware/index.ts';
import { registerInfoRoutes, registerPublicInfoRoutes } from './routes/info.ts';
import { registerTokenRoutes } from './routes/token.ts';
import { fastApiHook } from './validation.ts';
import { API_VERSION } from './version.ts';

export function createApp(deps: ApiDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: fastApiHook as any });

  app.onError((err, c) => handleError(err, c, (e) => deps.log.error(`Unhandled API error: ${e.stack ?? e.message}`)));
  // freqtrade: unknown GET paths are 404 (its UI catch-all), any other method on an unknown path 405.
  app.notFound((c) =>
    c.req.method === 'GET' || c.req.method === 'HEAD'
      ? jsonResponse({ detail: 'Not Found' }, 404)
      : jsonResponse({ detail: 'Method Not Allowed' }, 405),
  );

  registerSecurityMiddleware(app, deps);
  registerPublicInfoRoutes(app);
  registerTokenRoutes(app, deps);

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'tickhub API (freqtrade-compatible)', version: String(API_VERSION) },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'basic', { type: 'http', scheme: 'basic' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });

  // Auth is attached per route (not to /api/v1/*), so unknown paths answer 404 as in freqtrade.
  registerInfoRoutes(app, deps, requireAuth(deps));
  registerAuditRoutes(app, deps, requireAuth(deps));
  return app;
}
