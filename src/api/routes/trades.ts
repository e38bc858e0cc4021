// Trades: open trades with live profit, closed-trade paging, one trade, delete, cancel, reload.

import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { getTrade, openTrades, tradesByIds } from '../../db/repo/trades.ts';
import { closedTradeIds, closedTradesPage } from '../../reports/trades-page.ts';
import { KeptAnswer, liveKey, type TradeJsonCache } from '../built-once.ts';
import type { ApiDeps, AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { replayableAnswers } from '../replayable.ts';
import { BOUNDS, boolParam, boundedInt, idParam } from '../validation.ts';
import { DeleteTrade, ErrorDetail, OpenTrade, OpenTradeList, TradesPage } from '../wire/index.ts';
import { botOf, fiatRate, jsonBody, ok, okSerialised, privateRoute } from './common.ts';
import { openTradeJson, rawTradeJson } from './trade-view.ts';

const tags = ['Trades'];
const tradeIdParam = z.object({ tradeid: idParam() });

/** /status as built from the database now (the route keeps it per tick and trade write). */
export async function statusJson(deps: ApiDeps): Promise<OpenTrade[]> {
  const bot = botOf(deps);
  const now = deps.clock.now();
  const [list, fiat] = await Promise.all([openTrades(deps.db), fiatRate(deps)]);
  return Promise.all(list.map((t) => openTradeJson(bot, t, now, fiat)));
}

/** A /trades page as built from the database now, every trade serialised afresh. */
export async function tradesPageJson(deps: ApiDeps, limit: number, offset: number, orderById: boolean) {
  const page = await closedTradesPage(deps.db, limit, offset, orderById);
  return { trades: page.rows.map(rawTradeJson), trades_count: page.rows.length, offset, total_trades: page.total };
}

const utf8 = new TextEncoder();
const PAGE_HEAD = utf8.encode('{"trades":[');
const COMMA = 44;

/** The same page from kept trade JSON (UTF-8 fragments copied into one body): only trades not kept yet are read. */
async function tradesPageBody(
  deps: ApiDeps,
  cache: TradeJsonCache,
  limit: number,
  offset: number,
  orderById: boolean,
): Promise<Uint8Array> {
  const generation = cache.generation;
  const order = limit > 0 && orderById ? 'id' : 'close';
  const all = await cache.closedIds(order, () => closedTradeIds(deps.db, order));
  const ids = Array.from(limit > 0 ? all.subarray(offset, offset + limit) : all);
  const parts = ids.map((id) => cache.get('raw', id));
  const missing = ids.filter((_, i) => parts[i] === undefined);
  if (missing.length > 0) {
    const rows = new Map((await tradesByIds(deps.db, missing)).map((t) => [t.trade.id, t]));
    for (const [i, id] of ids.entries()) {
      if (parts[i] !== undefined) continue;
      const row = rows.get(id);
      // Deleted (or reopened) between the two reads: answer the page as one read instead.
      if (!row || row.trade.isOpen)
        return utf8.encode(JSON.stringify(await tradesPageJson(deps, limit, offset, orderById)));
      const json = utf8.encode(JSON.stringify(rawTradeJson(row)));
      cache.keep('raw', id, json, generation);
      parts[i] = json;
    }
  }
  const tail = utf8.encode(`],"trades_count":${ids.length},"offset":${offset},"total_trades":${all.length}}`);
  let size = PAGE_HEAD.length + tail.length + Math.max(0, parts.length - 1);
  for (const part of parts) size += (part as Uint8Array).length;
  const body = new Uint8Array(size);
  body.set(PAGE_HEAD, 0);
  let at = PAGE_HEAD.length;
  for (const [i, part] of parts.entries()) {
    if (i > 0) body[at++] = COMMA;
    body.set(part as Uint8Array, at);
    at += (part as Uint8Array).length;
  }
  body.set(tail, at);
  return body;
}

export function registerTradeRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: ApiDeps,
  auth: MiddlewareHandler<AppEnv>,
  cache: TradeJsonCache,
): void {
  const bot = () => botOf(deps);
  const status = new KeptAnswer<ReturnType<typeof liveKey>>();
  replayableAnswers(deps).add('/api/v1/status', () => status.current(liveKey(cache, deps)));

  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/status',
      tags,
      summary: 'Open trades with live profit',
      response: OpenTradeList,
    }),
    async () => {
      // Live profit moves with the rates a tick refreshes: built once per tick, trade write and config.
      return okSerialised<OpenTrade[]>(
        await status.get(liveKey(cache, deps), async () => JSON.stringify(await statusJson(deps))),
      );
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
      const body = await tradesPageBody(deps, cache, q.limit ?? 500, q.offset ?? 0, q.order_by_id ?? true);
      return okSerialised<Awaited<ReturnType<typeof tradesPageJson>>>(body);
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
      // With fiat_display_currency a closed trade's answer carries a live price: never kept then.
      const fiatOn = Boolean(deps.config().fiat_display_currency);
      const kept = fiatOn ? undefined : cache.get('open', tradeid);
      if (kept !== undefined) return okSerialised<OpenTrade>(kept);
      const generation = cache.generation;
      const t = await getTrade(deps.db, tradeid);
      if (!t) throw new ApiError(404, 'Trade not found.');
      const json = JSON.stringify(await openTradeJson(bot(), t, deps.clock.now(), await fiatRate(deps)));
      // A closed trade's answer has no live part (no rate, no clock): kept until the trade is written.
      if (!t.trade.isOpen && !fiatOn) cache.keep('open', tradeid, json, generation);
      return okSerialised<OpenTrade>(json);
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
      return ok(await openTradeJson(bot(), t, deps.clock.now(), await fiatRate(deps)));
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
      return ok(await openTradeJson(bot(), t, deps.clock.now(), await fiatRate(deps)));
    },
  );
}
