// Trades: open trades with live profit, closed-trade paging, one trade, delete, cancel, reload.

import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { getTrade, openTrades } from '../../db/repo/trades.ts';
import { closedTradesPage } from '../../reports/trades-page.ts';
import type { ApiDeps, AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { BOUNDS, boolParam, boundedInt, idParam } from '../validation.ts';
import { DeleteTrade, ErrorDetail, OpenTrade, OpenTradeList, TradesPage } from '../wire/index.ts';
import { botOf, jsonBody, ok, privateRoute } from './common.ts';
import { openTradeJson, rawTradeJson } from './trade-view.ts';

const tags = ['Trades'];
const tradeIdParam = z.object({ tradeid: idParam() });

export function registerTradeRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps, auth: MiddlewareHandler<AppEnv>): void {
  const bot = () => botOf(deps);

  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/status',
      tags,
      summary: 'Open trades with live profit',
      response: OpenTradeList,
    }),
    async () => {
      const now = deps.clock.now();
      const list = await openTrades(deps.db);
      return ok(await Promise.all(list.map((t) => openTradeJson(bot(), t, now))));
    },
  );

  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/trades',
      tags,
      summary: 'Closed trades, paged (limit=0: all, latest close first)',
      request: {
        query: z.object({
          limit: boundedInt(BOUNDS.pageLimit).optional(),
          offset: boundedInt(BOUNDS.pageOffset).optional(),
          order_by_id: boolParam().optional(),
        }),
      },
      response: TradesPage,
    }),
    async (c) => {
      const q = c.req.valid('query');
      const limit = q.limit ?? 500;
      const offset = q.offset ?? 0;
      const page = await closedTradesPage(deps.db, limit, offset, q.order_by_id ?? true);
      return ok({
        trades: page.rows.map(rawTradeJson),
        trades_count: page.rows.length,
        offset,
        total_trades: page.total,
      });
    },
  );

  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/trade/{tradeid}',
      tags,
      summary: 'One trade (open: live profit; closed: close rate and profit)',
      request: { params: tradeIdParam },
      response: OpenTrade,
      responses: { 404: jsonBody(ErrorDetail, 'Trade not found.') },
    }),
    async (c) => {
      const { tradeid } = c.req.valid('param');
      const t = await getTrade(deps.db, tradeid);
      if (!t) throw new ApiError(404, 'Trade not found.');
      return ok(await openTradeJson(bot(), t, deps.clock.now()));
    },
  );

  app.openapi(
    privateRoute(auth, {
      method: 'delete',
      path: '/api/v1/trades/{tradeid}',
      tags,
      summary: 'Cancel open orders and delete the trade',
      request: { params: tradeIdParam },
      response: DeleteTrade,
    }),
    async (c) => {
      const { tradeid } = c.req.valid('param');
      const r = await bot().deleteTrade(tradeid);
      return ok({
        result: 'success',
        trade_id: tradeid,
        result_msg: r.result_msg,
        cancel_order_count: r.cancel_order_count,
      });
    },
  );

  app.openapi(
    privateRoute(auth, {
      method: 'delete',
      path: '/api/v1/trades/{tradeid}/open-order',
      tags,
      summary: 'Cancel the open (non-stoploss) orders of an open trade',
      request: { params: tradeIdParam },
      response: OpenTrade,
    }),
    async (c) => {
      const { tradeid } = c.req.valid('param');
      const t = await bot().cancelOpenOrder(tradeid);
      return ok(await openTradeJson(bot(), t, deps.clock.now()));
    },
  );

  app.openapi(
    privateRoute(auth, {
      method: 'post',
      path: '/api/v1/trades/{tradeid}/reload',
      tags,
      summary: 'Re-sync the trade from its exchange orders',
      request: { params: tradeIdParam },
      response: OpenTrade,
    }),
    async (c) => {
      const { tradeid } = c.req.valid('param');
      const t = await bot().reloadTrade(tradeid);
      return ok(await openTradeJson(bot(), t, deps.clock.now()));
    },
  );
}
