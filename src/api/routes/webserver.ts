// Routes freqtrade serves only in `freqtrade webserver` mode (backtesting, background jobs,
// pairlist evaluation, data download). A trading bot (`npm start`) answers them with freqtrade's
// 503 after authentication and leaves them out of its OpenAPI document; `npm run webserver`
// serves them (documented) from its WebserverServices.

import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { ApiDeps, AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { registerAnalysisRoutes } from './analysis.ts';
import { registerBacktestRoutes } from './backtest.ts';
import { registerWebserverJobRoutes } from './webserver-jobs.ts';

const WEBSERVER_ONLY: ['GET' | 'POST' | 'DELETE' | 'PATCH', string][] = [
  ['POST', '/api/v1/backtest'],
  ['GET', '/api/v1/backtest'],
  ['DELETE', '/api/v1/backtest'],
  ['GET', '/api/v1/backtest/abort'],
  ['GET', '/api/v1/backtest/history'],
  ['GET', '/api/v1/backtest/history/result'],
  ['DELETE', '/api/v1/backtest/history/:file'],
  ['PATCH', '/api/v1/backtest/history/:file'],
  ['GET', '/api/v1/backtest/history/:file/market_change'],
  ['GET', '/api/v1/background'],
  ['GET', '/api/v1/background/:jobid'],
  ['GET', '/api/v1/pairlists/available'],
  ['POST', '/api/v1/pairlists/evaluate'],
  ['GET', '/api/v1/pairlists/evaluate/:jobid'],
  // Newer freqtrade (2.41): also webserver mode only, so a trade-mode bot at 2.43 answers 503 too.
  ['POST', '/api/v1/download_data'],
  // 2.49
  ['POST', '/api/v1/lookahead_analysis'],
  ['GET', '/api/v1/lookahead_analysis/:jobid'],
  ['POST', '/api/v1/recursive_analysis'],
  ['GET', '/api/v1/recursive_analysis/:jobid'],
];

export function registerWebserverOnlyRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: ApiDeps,
  auth: MiddlewareHandler<AppEnv>,
): void {
  let unserved = WEBSERVER_ONLY;
  if (deps.webserver) {
    registerWebserverJobRoutes(app, deps, deps.webserver, auth);
    const backtests = deps.webserver.backtests;
    if (backtests) registerBacktestRoutes(app, deps, backtests, auth);
    const analysis = deps.webserver.analysis;
    if (analysis) registerAnalysisRoutes(app, deps.webserver.jobs, analysis, auth);
    unserved = WEBSERVER_ONLY.filter(
      ([, path]) => (!backtests && path.startsWith('/api/v1/backtest')) || (!analysis && /_analysis/.test(path)),
    );
  }
  for (const [method, path] of unserved) {
    app.on(method, path, auth, () => {
      throw new ApiError(503, 'Bot is not in the correct state.');
    });
  }
}
