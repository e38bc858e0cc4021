// Trades: open trades with live profit, closed-trade paging, one trade, delete, cancel, reload.

import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { getTrade, openTrades } from '../../db/repo/trades.ts';
import { closedTradesPage } from '../../reports/trades-page.ts';
import type { ApiDeps, AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { BOUNDS, boundedInt, idParam } from '../validation.ts';
import { DeleteTrade, ErrorDetail, OpenTrade, OpenTradeList, TradesPage } from '../wire/index.ts';
import { addPrivateRoute, botOf, jsonBody, ok, valid } from './common.ts';
import { openTradeJson, rawTradeJson } from './trade-view.ts';

const tags = ['Trades'];
const tradeIdParam = z.object({ tradeid: idParam() });

const boolQuery = () =>
  z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    const s = v.toLowerCase();
    if (['true', '1', 'yes', 'on', 't', 'y'].includes(s)) return true;
    if (['false', '0', 'no', 'off', 'f', 'n'].includes(s)) return false;
    return v;
  }, z.boolean());

export function registerTradeRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps, auth: MiddlewareHandler<AppEnv>): void {
  const bot = () => botOf(deps);

  addPrivateRoute(
    app,
    auth,
    { method: 'get', path: '/api/v1/status', tags, summary: 'Open trades with live profit', response: OpenTradeList },
    async () => {
      const now = deps.clock.now();
      const list = await openTrades(deps.db);
      return ok(await Promise.all(list.map((t) => openTradeJson(bot(), t, now))));
    },
  );

  addPrivateRoute(
    app,
    auth,
    {
      method: 'get',
      path: '/api/v1/trades',
      tags,
      summary: 'Closed trades, paged (limit=0: all, latest close first)',
      request: {
        query: z.object({
          limit: boundedInt(BOUNDS.pageLimit).optional(),
          offset: boundedInt(BOUNDS.pageOffset).optional(),
          order_by_id: boolQuery().optional(),
        }),
      },
      response: TradesPage,
    },
    async (c) => {
      const q = valid<{ limit?: number; offset?: number; order_by_id?: boolean }>(c, 'query');
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

  addPrivateRoute(
    app,
    auth,
    {
      method: 'get',
      path: '/api/v1/trade/{tradeid}',
      tags,
      summary: 'One trade (open: live profit; closed: close rate and profit)',
      request: { params: tradeIdParam },
      response: OpenTrade,
      responses: { 404: jsonBody(ErrorDetail, 'Trade not found.') },
    },
    async (c) => {
      const { tradeid } = valid<{ tradeid: number }>(c, 'param');
      const t = await getTrade(deps.db, tradeid);
      if (!t) throw new ApiError(404, 'Trade not found.');
      return ok(await openTradeJson(bot(), t, deps.clock.now()));
    },
  );

  addPrivateRoute(
    app,
    auth,
    {
      method: 'delete',
      path: '/api/v1/trades/{tradeid}',
      tags,
      summary: 'Cancel open orders and delete the trade',
      request: { params: tradeIdParam },
      response: DeleteTrade,
    },
    async (c) => {
      const { tradeid } = valid<{ tradeid: number }>(c, 'param');
      const r = await bot().deleteTrade(tradeid);
      return ok({
        result: 'success',
        trade_id: tradeid,
        result_msg: r.result_msg,
        cancel_order_count: r.cancel_order_count,
      });
    },
  );

  addPrivateRoute(
    app,
    auth,
    {
      method: 'delete',
      path: '/api/v1/trades/{tradeid}/open-order',
      tags,
      summary: 'Cancel the open (non-stoploss) orders of an open trade',
      request: { params: tradeIdParam },
      response: OpenTrade,
    },
    async (c) => {
      const { tradeid } = valid<{ tradeid: number }>(c, 'param');
      const t = await bot().cancelOpenOrder(tradeid);
      return ok(await openTradeJson(bot(), t, deps.clock.now()));
    },
  );

  addPrivateRoute(
    app,
    auth,
    {
      method: 'post',
      path: '/api/v1/trades/{tradeid}/reload',
      tags,
      summary: 'Re-sync the trade from its exchange orders',
      request: { params: tradeIdParam },
      response: OpenTrade,
    },
    async (c) => {
      const { tradeid } = valid<{ tradeid: number }>(c, 'param');
      const t = await bot().reloadTrade(tradeid);
      return ok(await openTradeJson(bot(), t, deps.clock.now()));
    },
  );
}
