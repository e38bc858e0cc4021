// Trade custom data (newer freqtrade): per trade, and for every open trade.

import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { customDataFor, openTradeIds, tradeExists } from '../../rpc/reports/custom-data.ts';
import type { ApiDeps, AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { intParam } from '../validation.ts';
import { CustomData, ErrorDetail } from '../wire/index.ts';
import { addPrivateRoute, jsonBody, ok, valid } from './common.ts';

const tags = ['Trades'];

export function registerCustomDataRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: ApiDeps,
  auth: MiddlewareHandler<AppEnv>,
): void {
  // Registered before /trades/{tradeid}/custom-data so "open" is not read as an id.
  addPrivateRoute(
    app,
    auth,
    {
      method: 'get',
      path: '/api/v1/trades/open/custom-data',
      tags,
      summary: 'Custom data of open trades',
      request: {
        query: z.object({
          key: z.string().optional(),
          limit: intParam().pipe(z.number().min(1)).optional(),
          offset: intParam().pipe(z.number().min(0)).optional(),
        }),
      },
      response: CustomData,
      responses: { 404: jsonBody(ErrorDetail, 'No open trade with custom data') },
    },
    async (c) => {
      const q = valid<{ key?: string; limit?: number; offset?: number }>(c, 'query');
      const ids = await openTradeIds(deps.db, q.limit ?? 100, q.offset ?? 0);
      const data = await customDataFor(deps.db, ids, q.key);
      if (data.length === 0) throw new ApiError(404, 'No trades with custom-data found.');
      return ok(data);
    },
  );

  addPrivateRoute(
    app,
    auth,
    {
      method: 'get',
      path: '/api/v1/trades/{tradeid}/custom-data',
      tags,
      summary: "A trade's custom data",
      request: { params: z.object({ tradeid: intParam() }), query: z.object({ key: z.string().optional() }) },
      response: CustomData,
      responses: { 404: jsonBody(ErrorDetail, 'Trade or custom data not found') },
    },
    async (c) => {
      const { tradeid } = valid<{ tradeid: number }>(c, 'param');
      const { key } = valid<{ key?: string }>(c, 'query');
      if (!(await tradeExists(deps.db, tradeid))) throw new ApiError(404, `No trade found for trade_id: ${tradeid}`);
      const data = await customDataFor(deps.db, [tradeid], key);
      if (data.length === 0) {
        throw new ApiError(
          404,
          key ? `No custom-data with key '${key}' for trade_id: ${tradeid}` : `No custom-data for trade_id: ${tradeid}`,
        );
      }
      return ok(data);
    },
  );
}
