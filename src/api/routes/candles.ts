// Candle data: the live analysed frame (pair_candles), stored history analysed with a named
// strategy (pair_history), the strategy's plot config and the pairs with stored candles.

import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { loadCandles, storedCandleKeys } from '../../db/repo/candles.ts';
import { isValidTimeframe, timeframeToMs } from '../../exchange/port.ts';
import { pairHistoryJson } from '../../reports/pair-history.ts';
import { parseTimerange } from '../../reports/timerange.ts';
import { RpcError } from '../../rpc/errors.ts';
import { analyzeAsync } from '../../strategy/analyze.ts';
import { tail } from '../../strategy/frame.ts';
import { StrategyRegistry } from '../../strategy/loader.ts';
import { type Frame, frameFromCandles } from '../../strategy/types.ts';
import type { ApiDeps, AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { BOUNDS, boundedInt } from '../validation.ts';
import {
  AvailablePairs,
  CandleType,
  ErrorDetail,
  PairCandlesRequest,
  PairHistory,
  PairHistoryRequest,
  PlotConfig,
} from '../wire/index.ts';
import { botOf, jsonBody, ok, privateRoute } from './common.ts';

const tags = ['Candle data'];

interface CandlesQuery {
  pair: string;
  timeframe: string;
  limit?: number | null;
  columns?: string[] | null;
}

interface HistoryQuery {
  pair: string;
  timeframe: string;
  timerange: string;
  strategy: string;
  columns?: string[] | null;
}

export function registry(deps: ApiDeps): StrategyRegistry {
  return deps.strategies ?? defaultRegistry;
}
const defaultRegistry = new StrategyRegistry();

const failure = (err: unknown) => new ApiError(502, (err as Error)?.message ?? String(err));

export function registerCandleRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps, auth: MiddlewareHandler<AppEnv>): void {
  const bot = () => botOf(deps);

  const pairCandles = (q: CandlesQuery) => {
    const analysed = bot().analyzed(q.pair, q.timeframe);
    const empty: Frame = frameFromCandles([]);
    let frame = analysed?.frame ?? empty;
    if (q.limit !== undefined && q.limit !== null) frame = tail(frame, q.limit);
    return pairHistoryJson({
      strategy: bot().settings.strategyName,
      pair: q.pair,
      timeframe: q.timeframe,
      frame,
      lastAnalyzed: analysed?.lastAnalyzed ?? 0,
      columns: q.columns,
    });
  };

  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/pair_candles',
      tags,
      summary: "The running strategy's analysed candles of a pair",
      request: {
        query: z.object({ pair: z.string(), timeframe: z.string(), limit: boundedInt(BOUNDS.pageLimit).optional() }),
      },
      response: PairHistory,
    }),
    (c) => ok(pairCandles(c.req.valid('query'))),
  );
  app.openapi(
    privateRoute(auth, {
      method: 'post',
      path: '/api/v1/pair_candles',
      tags,
      summary: 'pair_candles with a column filter',
      request: { body: { ...jsonBody(PairCandlesRequest, 'Pair, timeframe, limit, columns'), required: true } },
      response: PairHistory,
    }),
    (c) => ok(pairCandles(c.req.valid('json'))),
  );

  const pairHistory = async (q: HistoryQuery) => {
    const config = deps.config();
    let strategyName = q.strategy;
    try {
      const range = parseTimerange(q.timerange);
      if (!isValidTimeframe(q.timeframe)) throw new Error(`Invalid timeframe: ${q.timeframe}`);
      const strategy = await registry(deps).loadStrategy(q.strategy);
      strategyName = strategy.name;
      const tfMs = timeframeToMs(q.timeframe);
      const startup = (strategy.startup_candle_count ?? 0) * tfMs;
      const candleType = config.trading_mode === 'futures' ? 'futures' : 'spot';
      const candles = await loadCandles(
        deps.db,
        { pair: q.pair, timeframe: q.timeframe, candleType },
        range.start === undefined ? undefined : range.start - startup,
        range.stop,
      );
      const inRange = candles.filter((c) => range.start === undefined || c[0] >= range.start);
      if (inRange.length === 0) throw new Error(`No data for ${q.pair}, ${q.timeframe} in ${q.timerange} found.`);
      const analysed = await analyzeAsync(strategy, candles, { pair: q.pair, timeframe: q.timeframe });
      const skip = candles.length - inRange.length;
      const frame = skip > 0 ? tail(analysed, inRange.length) : analysed;
      return pairHistoryJson({
        strategy: strategyName,
        pair: q.pair,
        timeframe: q.timeframe,
        frame,
        lastAnalyzed: deps.clock.now(),
        columns: q.columns,
      });
    } catch (err) {
      throw failure(err);
    }
  };
  const historyResponses = { 502: jsonBody(ErrorDetail, 'No data, bad timerange or strategy error') };
  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/pair_history',
      tags,
      summary: 'Stored candles analysed with a strategy',
      request: {
        query: z.object({
          pair: z.string(),
          timeframe: z.string(),
          timerange: z.string(),
          strategy: z.string(),
          freqaimodel: z.string().optional(),
        }),
      },
      response: PairHistory,
      responses: historyResponses,
    }),
    async (c) => ok(await pairHistory(c.req.valid('query'))),
  );
  app.openapi(
    privateRoute(auth, {
      method: 'post',
      path: '/api/v1/pair_history',
      tags,
      summary: 'pair_history with a column filter',
      request: { body: { ...jsonBody(PairHistoryRequest, 'Pair, timeframe, timerange, strategy'), required: true } },
      response: PairHistory,
      responses: historyResponses,
    }),
    async (c) => ok(await pairHistory(c.req.valid('json'))),
  );

  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/plot_config',
      tags,
      summary: "The strategy's plot configuration (running strategy without ?strategy=)",
      request: { query: z.object({ strategy: z.string().optional() }) },
      response: PlotConfig,
      responses: historyResponses,
    }),
    async (c) => {
      const { strategy } = c.req.valid('query');
      let config: Record<string, unknown> | undefined;
      if (!strategy && !deps.bot) throw new RpcError('Strategy is mandatory in webserver mode.');
      try {
        const name = strategy ?? bot().settings.strategyName;
        config = (await registry(deps).loadStrategy(name)).plot_config as Record<string, unknown> | undefined;
      } catch (err) {
        throw failure(err);
      }
      if (!config || Object.keys(config).length === 0) return ok({});
      if (config.main_plot && !config.subplots) return ok({ ...config, subplots: {} });
      return ok(config);
    },
  );

  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/available_pairs',
      tags,
      summary: 'Pairs with stored candles',
      request: {
        query: z.object({
          timeframe: z.string().optional(),
          stake_currency: z.string().optional(),
          candletype: CandleType.optional(),
        }),
      },
      response: AvailablePairs,
    }),
    async (c) => {
      const q = c.req.valid('query');
      const candleType = q.candletype ?? (deps.config().trading_mode === 'futures' ? 'futures' : 'spot');
      const keys = (await storedCandleKeys(deps.db)).filter(
        (k) =>
          k.candleType === candleType &&
          (!q.timeframe || k.timeframe === q.timeframe) &&
          (!q.stake_currency || k.pair.endsWith(q.stake_currency)),
      );
      const pairInterval = keys
        .map((k) => [k.pair, k.timeframe, k.candleType] as [string, string, string])
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const pairs = [...new Set(pairInterval.map((p) => p[0]))].sort();
      return ok({ length: pairs.length, pairs, pair_interval: pairInterval });
    },
  );
}
