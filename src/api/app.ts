// The Hono app: the same on every host. /ping first (ping.ts), then CORS, public routes, then private routes (auth is
// attached per route), then the UI catch-all; freqtrade's error shapes everywhere.

import { OpenAPIHono } from '@hono/zod-openapi';
import type { ErrorHandler } from 'hono';
import { registerAuditRoutes } from './audit.ts';
import { requireAuth } from './auth/middleware.ts';
import { TradeJsonCache } from './built-once.ts';
import type { ApiDeps, AppEnv } from './context.ts';
import { registerDocsRoutes } from './docs.ts';
import { handleError, jsonResponse } from './errors.ts';
import { requestPipeline } from './middleware/index.ts';
import { fastPing, PING_PATH } from './ping.ts';
import { registerCandleRoutes } from './routes/candles.ts';
import { registerControlRoutes } from './routes/control.ts';
import { registerCustomDataRoutes } from './routes/custom-data.ts';
import { registerInfoRoutes, registerPublicInfoRoutes } from './routes/info.ts';
import { registerListRoutes } from './routes/lists.ts';
import { registerLockRoutes } from './routes/locks.ts';
import { registerStatsRoutes } from './routes/stats.ts';
import { registerStrategyRoutes } from './routes/strategy.ts';
import { registerTokenRoutes } from './routes/token.ts';
import { registerTradeRoutes } from './routes/trades.ts';
import { registerTradingRoutes } from './routes/trading.ts';
import { registerUiRoutes, uiFallback } from './routes/ui.ts';
import { registerWebserverOnlyRoutes } from './routes/webserver.ts';
import { registerWsRoute } from './routes/ws.ts';
import { isClientAbort, UploadWarnings } from './uploads.ts';
import { fastApiHook } from './validation.ts';
import { API_VERSION } from './version.ts';
import { withoutBotGuard } from './webserver/mode.ts';

export function createApp(deps: ApiDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: fastApiHook });

  const uploads = new UploadWarnings(deps.log, () => deps.clock.now());
  const onError: ErrorHandler<AppEnv> = (err, c) => {
    if (isClientAbort(err)) {
      uploads.warn(deps.host.clientIp(c), 'was aborted by the client');
      return jsonResponse({ detail: 'Request body incomplete' }, 400);
    }
    return handleError(err, c, (e) => deps.log.error(`Unhandled API error: ${e.stack ?? e.message}`));
  };
  app.onError(onError);
  // freqtrade: GET paths no route takes go to the UI catch-all (404 JSON for api… and .…);
  // any other method on an unknown path is 405.
  const ui = uiFallback(deps);
  app.notFound((c) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? ui(c) : jsonResponse({ detail: 'Method Not Allowed' }, 405),
  );
  app.use(PING_PATH, fastPing(deps)); // before every middleware: see ping.ts
  app.use('*', requestPipeline(deps, uploads, onError)); // CORS, security headers, limits, audit …
  // Webserver mode: routes that need the bot answer freqtrade's RPC error once authenticated.
  const auth = withoutBotGuard(deps, requireAuth(deps));
  registerPublicInfoRoutes(app);
  registerTokenRoutes(app, deps);

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'tickhub API (freqtrade-compatible)', version: String(API_VERSION) },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'basic', { type: 'http', scheme: 'basic' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  // Like FastAPI's docs_url, decided when the app is built (a config reload rebuilds nothing else here).
  if (deps.config().api_server.enable_openapi) registerDocsRoutes(app, deps);

  // Auth is attached per route (not to /api/v1/*), so unknown paths answer 404 as in freqtrade.
  registerInfoRoutes(app, deps, auth);
  registerAuditRoutes(app, deps, auth);
  const tradeJson = new TradeJsonCache(deps.db);
  registerStatsRoutes(app, deps, auth, tradeJson);
  registerCustomDataRoutes(app, deps, auth);
  registerTradeRoutes(app, deps, auth, tradeJson);
  registerTradingRoutes(app, deps, auth);
  registerControlRoutes(app, deps, auth);
  registerListRoutes(app, deps, auth);
  registerLockRoutes(app, deps, auth);
  registerCandleRoutes(app, deps, auth);
  registerStrategyRoutes(app, deps, auth);
  registerWebserverOnlyRoutes(app, deps, auth);
  registerWsRoute(app, deps);

  registerUiRoutes(app, deps);
  return app;
}
