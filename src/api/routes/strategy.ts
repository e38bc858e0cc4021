// Strategy, exchange and model listings; /edge (Edge is not part of tickhub).

import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { listCcxtExchanges } from '../../exchange/ccxt/exchange-list.ts';
import { RpcError } from '../../rpc/errors.ts';
import { InvalidStrategyNameError, StrategyNotFoundError } from '../../strategy/errors.ts';
import { describeParameters } from '../../strategy/parameters.ts';
import type { ApiDeps, AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { ErrorDetail, Exchanges, FreqaiModels, HyperoptLossList, Strategies, StrategyResponse } from '../wire/index.ts';
import { registry } from './candles.ts';
import { jsonBody, ok, privateRoute } from './common.ts';

const tags = ['Strategy'];

/** tickhub's own built-in market: always listed, so /exchanges shows what `npm start` uses. */
const OFFLINE_EXCHANGE = {
  name: 'offline',
  classname: 'offline',
  valid: true,
  supported: true,
  comment: 'tickhub built-in simulated market (no network, dry-run only)',
  dex: false,
  is_alias: false,
  alias_for: null,
  trade_modes: [
    { trading_mode: 'spot', margin_mode: '' },
    { trading_mode: 'futures', margin_mode: 'isolated' },
  ],
};

export function registerStrategyRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps, auth: MiddlewareHandler<AppEnv>): void {
  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/strategies',
      tags,
      summary: 'Strategy names',
      response: Strategies,
    }),
    async () => ok({ strategies: await registry(deps).listStrategies() }),
  );

  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/strategy/{strategy}',
      tags,
      summary: "A strategy's source code and timeframe",
      request: { params: z.object({ strategy: z.string() }) },
      response: StrategyResponse,
      responses: {
        404: jsonBody(ErrorDetail, 'Strategy not found'),
        500: jsonBody(ErrorDetail, 'base64 encoded strategies are not allowed.'),
      },
    }),
    async (c) => {
      const { strategy: name } = c.req.valid('param');
      // freqtrade's only deliberate 500: a base64-encoded ("name:code") strategy.
      if (name.includes(':')) throw new ApiError(500, 'base64 encoded strategies are not allowed.');
      try {
        const reg = registry(deps);
        // The running strategy reports the values it trades with; any other is loaded fresh
        // (with its parameter file), as freqtrade's webserver does.
        const running = deps.bot?.strategy;
        const strategy = running?.name === name ? running : await reg.loadStrategy(name);
        const code = await reg.strategyCode(name);
        return ok({
          strategy: strategy.name,
          code,
          timeframe: strategy.timeframe ?? null,
          params: describeParameters(strategy),
        });
      } catch (err) {
        if (err instanceof StrategyNotFoundError || err instanceof InvalidStrategyNameError) {
          throw new ApiError(404, 'Strategy not found');
        }
        throw new ApiError(502, (err as Error)?.message ?? String(err));
      }
    },
  );

  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/exchanges',
      tags,
      summary: 'Exchanges ccxt ships, and the built-in offline market',
      response: Exchanges,
    }),
    async () => ok({ exchanges: [OFFLINE_EXCHANGE, ...(await (deps.host.exchangeList ?? listCcxtExchanges)())] }),
  );

  // /hyperoptloss is freqtrade's path; FreqUI asks for /hyperopt-loss. Both answer the same.
  for (const path of ['/api/v1/hyperoptloss', '/api/v1/hyperopt-loss']) {
    app.openapi(
      privateRoute(auth, {
        method: 'get',
        path,
        tags,
        summary: 'Hyperopt loss functions (tickhub has no hyperopt: empty)',
        response: HyperoptLossList,
      }),
      () => ok({ loss_functions: [] }),
    );
  }

  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/freqaimodels',
      tags,
      summary: 'FreqAI models (tickhub has no FreqAI: empty)',
      response: FreqaiModels,
    }),
    () => ok({ freqaimodels: [] }),
  );

  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/edge',
      tags,
      summary: 'Edge positioning (not available: always the RPC error "Edge is not enabled.")',
      response: z.array(z.record(z.string(), z.unknown())),
    }),
    () => {
      throw new RpcError('Edge is not enabled.');
    },
  );
}
