// Routes freqtrade serves only in `freqtrade webserver` mode (backtesting, background jobs,
// pairlist evaluation, data download). tickhub always runs as a trading bot, so after authentication they
// answer freqtrade's 503 — the same thing a trade-mode freqtrade answers.

import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { ApiDeps, AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { ErrorDetail } from '../wire/index.ts';
import { addPrivateRoute, jsonBody, type Method } from './common.ts';

const tags = ['Webserver'];

const WEBSERVER_ONLY: [Method, string][] = [
  ['post', '/api/v1/backtest'],
  ['get', '/api/v1/backtest'],
  ['delete', '/api/v1/backtest'],
  ['get', '/api/v1/backtest/abort'],
  ['get', '/api/v1/backtest/history'],
  ['get', '/api/v1/backtest/history/result'],
  ['delete', '/api/v1/backtest/history/{file}'],
  ['patch', '/api/v1/backtest/history/{file}'],
  ['get', '/api/v1/backtest/history/{file}/market_change'],
  ['get', '/api/v1/background'],
  ['get', '/api/v1/background/{jobid}'],
  ['get', '/api/v1/pairlists/available'],
  ['post', '/api/v1/pairlists/evaluate'],
  ['get', '/api/v1/pairlists/evaluate/{jobid}'],
  // Newer freqtrade (2.41): also webserver mode only, so a trade-mode bot at 2.43 answers 503 too.
  ['post', '/api/v1/download_data'],
];

export function registerWebserverOnlyRoutes(
  app: OpenAPIHono<AppEnv>,
  _deps: ApiDeps,
  auth: MiddlewareHandler<AppEnv>,
): void {
  for (const [method, path] of WEBSERVER_ONLY) {
    const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    addPrivateRoute(
      app,
      auth,
      {
        method,
        path,
        tags,
        summary: 'Webserver mode only: 503 in a trading bot',
        request: names.length ? { params: z.object(Object.fromEntries(names.map((n) => [n, z.string()]))) } : undefined,
        response: ErrorDetail,
        responses: { 503: jsonBody(ErrorDetail, 'Bot is not in the correct state.') },
      },
      () => {
        throw new ApiError(503, 'Bot is not in the correct state.');
      },
    );
  }
}
