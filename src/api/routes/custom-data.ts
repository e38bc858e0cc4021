// Trade custom data (newer freqtrade): per trade, and for every open trade. Trades without
// custom data are left out of the list (an empty list is a 200, not an error FreqUI would toast);
// only an unknown trade id is a 404.

import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { customDataFor, openTradeIds, tradeExists } from '../../reports/custom-data.ts';
import { inProcessCaller } from '../auth/in-process.ts';
import type { ApiDeps, AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { BOUNDS, boundedInt, idParam } from '../validation.ts';
import { CustomData, ErrorDetail } from '../wire/index.ts';
import { jsonBody, ok, privateRoute } from './common.ts';

const tags = ['Trades'];

export function registerCustomDataRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: ApiDeps,
  auth: MiddlewareHandler<AppEnv>,
): void {
  // Registered before /trades/{tradeid}/custom-data so "open" is not read as an id.
  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/trades/open/custom-data',
      tags,
      summary: 'Custom data of open trades',
      request: {
        query: z.object({
          key: z.string().optional(),
          limit: boundedInt(BOUNDS.pageLimit, 1).optional(),
          offset: boundedInt(BOUNDS.pageOffset).optional(),
        }),
      },
      response: CustomData,
    }),
    async (c) => {
      const q = c.req.valid('query');
      const ids = await openTradeIds(deps.db, q.limit ?? 100, q.offset ?? 0);
      return ok(await customDataFor(deps.db, ids, q.key));
    },
  );

  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/trades/{tradeid}/custom-data',
      tags,
      summary: "A trade's custom data",
      request: { params: z.object({ tradeid: idParam() }), query: z.object({ key: z.string().optional() }) },
      response: CustomData,
      responses: { 404: jsonBody(ErrorDetail, 'Trade not found') },
    }),
    async (c) => {
      const { tradeid } = c.req.valid('param');
      const { key } = c.req.valid('query');
      if (!(await tradeExists(deps.db, tradeid))) throw new ApiError(404, `No trade found for trade_id: ${tradeid}`);
      // freqtrade's Telegram prints each entry's id and stored text, which the REST model leaves out.
      return ok(await customDataFor(deps.db, [tradeid], key, inProcessCaller(c.req.raw) !== undefined));
    },
  );
}
