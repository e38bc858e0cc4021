// Statistics: profit, profit_all, stats, daily/weekly/monthly, performance, entries, exits,
// mix_tags, count, balance. The figures come from src/reports (SQL / one pass).

import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { openTrades } from '../../db/repo/trades.ts';
import { balanceReport } from '../../reports/balance.ts';
import { closedProfitSum } from '../../reports/book.ts';
import { startingBalance } from '../../reports/common.ts';
import { countReport } from '../../reports/count.ts';
import { type PeriodUnit, periodicReport } from '../../reports/periodic.ts';
import { type ProfitInputs, type ProfitReport, profitReport } from '../../reports/profit.ts';
import { statsReport } from '../../reports/stats.ts';
import { entriesReport, exitsReport, mixTagsReport, performanceReport } from '../../reports/tags.ts';
import { walletHistoryReport } from '../../reports/wallet-history.ts';
import { RpcError } from '../../rpc/errors.ts';
import { inProcessCaller } from '../auth/in-process.ts';
import { KeptAnswer, liveKey, type TradeJsonCache } from '../built-once.ts';
import type { ApiDeps, AppEnv } from '../context.ts';
import { replayableAnswers } from '../replayable.ts';
import { BOUNDS, boundedInt } from '../validation.ts';
import {
  Balances,
  Count,
  DailyWeeklyMonthly,
  EntryList,
  ExitList,
  MixTagList,
  PerformanceList,
  Profit,
  ProfitAll,
  Stats,
  WalletHistory,
} from '../wire/index.ts';
import { botOf, fiatRate, ok, okSerialised, privateRoute } from './common.ts';

const tags = ['Trading-info'];

async function profitInputs(deps: ApiDeps): Promise<Omit<ProfitInputs, 'direction'>> {
  const bot = botOf(deps);
  return {
    fiatRate: await fiatRate(deps),
    db: deps.db,
    now: deps.clock.now(),
    startingBalance: startingBalance(deps.config()),
    rate: (pair: string, isShort: boolean) => bot.currentRate(pair, isShort),
    botStart: bot.firstStart,
  };
}

/** freqtrade's REST model drops the two figures Telegram prints. */
const restModel = ({ drawdown_high: _high, drawdown_low: _low, ...profit }: ProfitReport) => profit;

/**
 * /profit as computed now. freqtrade's Telegram reads _rpc_trade_statistics itself: in-process
 * callers (our Telegram) may pass its start_date and get drawdown_high/low too.
 */
export async function profitAnswer(deps: ApiDeps, inProcess?: { since: number | undefined }) {
  if (inProcess) return profitReport({ ...(await profitInputs(deps)), since: inProcess.since });
  return restModel(await profitReport(await profitInputs(deps)));
}

/** /profit_all as computed now. */
export async function profitAllAnswer(deps: ApiDeps) {
  const base = await profitInputs(deps);
  const all = restModel(await profitReport(base));
  if (deps.config().trading_mode === 'spot') return { all, long: null, short: null };
  const [long, short] = await Promise.all([
    profitReport({ ...base, direction: 'long' }),
    profitReport({ ...base, direction: 'short' }),
  ]);
  return { all, long: restModel(long), short: restModel(short) };
}

export function registerStatsRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: ApiDeps,
  auth: MiddlewareHandler<AppEnv>,
  cache: TradeJsonCache,
): void {
  const bot = () => botOf(deps);
  // Kept as /status is (built-once.ts): the open trades' live profit moves with the tick's rates.
  // The bot's first start, also shown, is read once before the API serves.
  const profitKey = () => liveKey(cache, deps);
  const profit = new KeptAnswer<ReturnType<typeof liveKey>>();
  const profitInProcess = new KeptAnswer<ReturnType<typeof liveKey> & { since: number | undefined }>();
  const profitAll = new KeptAnswer<ReturnType<typeof liveKey>>();
  // A REST call never carries the in-process caller's start_date: its /profit is `profit`.
  replayableAnswers(deps).add('/api/v1/profit', () => profit.current(profitKey()));

  app.openapi(
    privateRoute(auth, { method: 'get', path: '/api/v1/profit', tags, summary: 'Profit summary', response: Profit }),
    async (c) => {
      if (inProcessCaller(c.req.raw)) {
        const n = Number(c.req.query('start_date'));
        const since = Number.isFinite(n) ? n : undefined;
        const key = { ...profitKey(), since };
        return okSerialised<ProfitReport>(
          await profitInProcess.get(key, async () => JSON.stringify(await profitAnswer(deps, { since }))),
        );
      }
      return okSerialised<ReturnType<typeof restModel>>(
        await profit.get(profitKey(), async () => JSON.stringify(await profitAnswer(deps))),
      );
    },
  );

  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/profit_all',
      tags,
      summary: 'Profit summary overall, and per direction outside spot',
      response: ProfitAll,
    }),
    async () =>
      okSerialised<Awaited<ReturnType<typeof profitAllAnswer>>>(
        await profitAll.get(profitKey(), async () => JSON.stringify(await profitAllAnswer(deps))),
      ),
  );

  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/stats',
      tags,
      summary: 'Exit reasons and durations',
      response: Stats,
    }),
    async () => ok(await statsReport(deps.db)),
  );

  const periods: [string, PeriodUnit, number][] = [
    ['daily', 'days', 7],
    ['weekly', 'weeks', 4],
    ['monthly', 'months', 3],
  ];
  for (const [name, unit, fallback] of periods) {
    app.openapi(
      privateRoute(auth, {
        method: 'get',
        path: `/api/v1/${name}`,
        tags,
        summary: `Closed profit per ${unit.slice(0, -1)}, newest first`,
        request: { query: z.object({ timescale: boundedInt(BOUNDS.timescale[unit], 1).optional() }) },
        response: DailyWeeklyMonthly,
      }),
      async (c) => {
        const { timescale } = c.req.valid('query');
        const config = deps.config();
        const total = startingBalance(config) + (await closedProfitSum(deps.db));
        const [periods, fiat] = await Promise.all([
          periodicReport(deps.db, unit, timescale ?? fallback, deps.clock.now(), total),
          fiatRate(deps),
        ]);
        const data = periods.map((p) => ({ ...p, fiat_value: fiat === undefined ? 0 : p.abs_profit * fiat }));
        return ok({ data, fiat_display_currency: config.fiat_display_currency, stake_currency: config.stake_currency });
      },
    );
  }

  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/performance',
      tags,
      summary: 'Profit per pair',
      response: PerformanceList,
    }),
    async () => ok(await performanceReport(deps.db)),
  );

  const pairQuery = z.object({ pair: z.string().optional() });
  const tagRoute = <T extends z.ZodType>(name: string, summary: string, response: T) =>
    privateRoute(auth, {
      method: 'get',
      path: `/api/v1/${name}`,
      tags,
      summary,
      request: { query: pairQuery },
      response,
    });
  app.openapi(tagRoute('entries', 'Profit per enter tag', EntryList), async (c) =>
    ok(await entriesReport(deps.db, c.req.valid('query').pair)),
  );
  app.openapi(tagRoute('exits', 'Profit per exit reason', ExitList), async (c) =>
    ok(await exitsReport(deps.db, c.req.valid('query').pair)),
  );
  app.openapi(tagRoute('mix_tags', 'Profit per enter tag and exit reason', MixTagList), async (c) =>
    ok(await mixTagsReport(deps.db, c.req.valid('query').pair)),
  );

  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/count',
      tags,
      summary: 'Open trades and the limit',
      response: Count,
    }),
    async () => {
      if (bot().state === 'stopped') throw new RpcError('trader is not running');
      return ok(await countReport(deps.db, deps.config().max_open_trades));
    },
  );

  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/balance',
      tags,
      summary: 'Wallet and positions',
      response: Balances,
    }),
    async () => {
      const config = deps.config();
      const [balances, open, fiat] = await Promise.all([bot().balances(), openTrades(deps.db), fiatRate(deps)]);
      return ok(
        await balanceReport({
          balances,
          openTrades: open,
          stakeCurrency: config.stake_currency,
          tradingMode: config.trading_mode,
          dryRun: config.dry_run,
          startingCapital: startingBalance(config),
          fiatSymbol: config.fiat_display_currency,
          fiatRate: fiat,
          rate: (coin) => bot().currentRate(`${coin}/${config.stake_currency}`, false),
        }),
      );
    },
  );

  app.openapi(
    privateRoute(auth, {
      method: 'get',
      path: '/api/v1/historic_balance',
      tags,
      summary: 'Wallet history in the stake currency (API 2.48)',
      response: WalletHistory,
    }),
    async () => ok(await walletHistoryReport(deps.db, startingBalance(deps.config()))),
  );
}
