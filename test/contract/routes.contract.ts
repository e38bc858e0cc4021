// The route contract (shared/api/freqtrade-api.md §5–§8, §13–§15) for every REST route, run
// against a seeded database (test/support/seed.ts). Host-agnostic: a Node server registers it
// now; the Worker can register it with its own seeded target.

import { describe, expect, it } from 'vitest';
import {
  AvailablePairs,
  Balances,
  Blacklist,
  Count,
  CustomData,
  DailyWeeklyMonthly,
  DeleteTrade,
  EntryList,
  ErrorDetail,
  Exchanges,
  ExitList,
  ForceEnterResponse,
  FreqaiModels,
  Health,
  HTTPValidationError,
  HyperoptLossList,
  Locks,
  Logs,
  MixTagList,
  OpenTrade,
  OpenTradeList,
  PairHistory,
  PerformanceList,
  PlotConfig,
  Profit,
  ProfitAll,
  ResultMsg,
  RpcError,
  ShowConfig,
  Stats,
  StatusMsg,
  Strategies,
  StrategyResponse,
  SysInfo,
  TradesPage,
  Version,
  Whitelist,
} from '../../src/api/wire/index.ts';
import { TEST_PASSWORD, TEST_USER } from '../support/test-config.ts';
import { expectKeys, expectWire } from './wire-check.ts';

export interface SeededIds {
  closedIds: number[];
  openIds: number[];
  lockIds: { star: number; long: number; expired: number };
}

export interface RouteTarget {
  fetch(path: string, init?: RequestInit): Promise<Response>;
  seeded: SeededIds;
}

/**
 * What differs between hosts by design. Cases that touch these assert each host's own honest answer
 * instead of being skipped: workerd has no CPU or memory figures to report.
 */
export interface HostCapabilities {
  /** /sysinfo reports per-core CPU and RAM usage (Node's os module); otherwise empty figures. */
  sysinfo: boolean;
}

export const HOST_CAPABILITIES: Record<string, HostCapabilities> = {
  node: { sysinfo: true },
  workers: { sysinfo: false },
};

function capabilitiesOf(host: string): HostCapabilities {
  const caps = HOST_CAPABILITIES[host];
  if (!caps) throw new Error(`No capabilities known for host "${host}"`);
  return caps;
}

const AUTH = { authorization: `Basic ${btoa(`${TEST_USER}:${TEST_PASSWORD}`)}` };

async function call(t: RouteTarget, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { ...AUTH };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await t.fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: r.status, json, headers: r.headers };
}

async function ok(t: RouteTarget, method: string, path: string, body?: unknown) {
  const r = await call(t, method, path, body);
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.json).slice(0, 300)}`).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^application\/json/);
  return r.json;
}

function expect422(r: { status: number; json: any }, loc: (string | number)[]) {
  expect(r.status).toBe(422);
  const body = expectWire(HTTPValidationError, r.json, '422');
  expect(body.detail.map((d) => d.loc)).toContainEqual(loc);
}

/** Every private route of §5 rows 4–54 and the newer ones (§13/§14), for the 401 sweep. */
export const PRIVATE_ROUTES: [string, string][] = [
  ['GET', '/api/v1/version'],
  ['GET', '/api/v1/show_config'],
  ['GET', '/api/v1/balance'],
  ['GET', '/api/v1/count'],
  ['GET', '/api/v1/profit'],
  ['GET', '/api/v1/profit_all'],
  ['GET', '/api/v1/stats'],
  ['GET', '/api/v1/daily'],
  ['GET', '/api/v1/weekly'],
  ['GET', '/api/v1/monthly'],
  ['GET', '/api/v1/performance'],
  ['GET', '/api/v1/entries'],
  ['GET', '/api/v1/exits'],
  ['GET', '/api/v1/mix_tags'],
  ['GET', '/api/v1/status'],
  ['GET', '/api/v1/trades'],
  ['GET', '/api/v1/trade/1'],
  ['DELETE', '/api/v1/trades/1'],
  ['DELETE', '/api/v1/trades/1/open-order'],
  ['POST', '/api/v1/trades/1/reload'],
  ['GET', '/api/v1/trades/1/custom-data'],
  ['GET', '/api/v1/trades/open/custom-data'],
  ['POST', '/api/v1/forceenter'],
  ['POST', '/api/v1/forcebuy'],
  ['POST', '/api/v1/forceexit'],
  ['POST', '/api/v1/forcesell'],
  ['GET', '/api/v1/whitelist'],
  ['GET', '/api/v1/blacklist'],
  ['POST', '/api/v1/blacklist'],
  ['DELETE', '/api/v1/blacklist'],
  ['GET', '/api/v1/locks'],
  ['POST', '/api/v1/locks'],
  ['DELETE', '/api/v1/locks/1'],
  ['POST', '/api/v1/locks/delete'],
  ['POST', '/api/v1/start'],
  ['POST', '/api/v1/stop'],
  ['POST', '/api/v1/pause'],
  ['POST', '/api/v1/stopentry'],
  ['POST', '/api/v1/stopbuy'],
  ['POST', '/api/v1/reload_config'],
  ['GET', '/api/v1/logs'],
  ['GET', '/api/v1/sysinfo'],
  ['GET', '/api/v1/health'],
  ['GET', '/api/v1/edge'],
  ['GET', '/api/v1/pair_candles'],
  ['POST', '/api/v1/pair_candles'],
  ['GET', '/api/v1/pair_history'],
  ['POST', '/api/v1/pair_history'],
  ['GET', '/api/v1/plot_config'],
  ['GET', '/api/v1/available_pairs'],
  ['GET', '/api/v1/strategies'],
  ['GET', '/api/v1/strategy/MaCrossStrategy'],
  ['GET', '/api/v1/exchanges'],
  ['GET', '/api/v1/hyperoptloss'],
  ['GET', '/api/v1/freqaimodels'],
  ['POST', '/api/v1/backtest'],
  ['GET', '/api/v1/backtest'],
  ['DELETE', '/api/v1/backtest'],
  ['GET', '/api/v1/backtest/abort'],
  ['GET', '/api/v1/backtest/history'],
  ['GET', '/api/v1/backtest/history/result'],
  ['DELETE', '/api/v1/backtest/history/x'],
  ['PATCH', '/api/v1/backtest/history/x'],
  ['GET', '/api/v1/backtest/history/x/market_change'],
  ['GET', '/api/v1/background'],
  ['GET', '/api/v1/background/x'],
  ['GET', '/api/v1/pairlists/available'],
  ['POST', '/api/v1/pairlists/evaluate'],
  ['GET', '/api/v1/pairlists/evaluate/x'],
  ['POST', '/api/v1/download_data'],
];

/** Read-only routes over the seeded data. The bot must be stopped (no ticks change the data). */
export function registerRouteReadContract(
  host: string,
  target: () => RouteTarget,
  caps: HostCapabilities = capabilitiesOf(host),
): void {
  describe(`route contract, read-only (${host})`, () => {
    it('every private route answers 401 without credentials (auth before validation and 503)', async () => {
      const t = target();
      for (const [method, path] of PRIVATE_ROUTES) {
        const r = await t.fetch(path, { method });
        expect(r.status, `${method} ${path}`).toBe(401);
        expect(await r.json()).toEqual({ detail: 'Unauthorized' });
      }
    });

    it('/openapi.json is public OpenAPI 3.1 listing the private routes', async () => {
      const r = await target().fetch('/openapi.json');
      expect(r.status).toBe(200);
      const doc = (await r.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
      expect(doc.openapi).toBe('3.1.0');
      for (const path of ['/api/v1/status', '/api/v1/trades', '/api/v1/forcebuy', '/api/v1/pair_history']) {
        expect(doc.paths[path], path).toBeDefined();
      }
      expect(Object.keys(doc.paths['/api/v1/trade/{tradeid}'])).toEqual(['get']);
    });

    it('GET and HEAD /ping are public', async () => {
      const t = target();
      const head = await t.fetch('/api/v1/ping', { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
    });

    it('show_config, version, health, sysinfo, logs: every field with its type', async () => {
      const t = target();
      const cfg = expectWire(ShowConfig, await ok(t, 'GET', '/api/v1/show_config'), 'show_config');
      expectKeys(cfg, ['margin_mode'], 'show_config');
      // 2.50 (a float: 2.5): everything FreqUI gates on up to 2.50 is served (webserver-mode routes,
      // lookahead/recursive analysis among them, in `npm run webserver`).
      expect(cfg.api_version).toBe(2.5);
      expectWire(Version, await ok(t, 'GET', '/api/v1/version'), 'version');
      const health = expectWire(Health, await ok(t, 'GET', '/api/v1/health'), 'health');
      expect(health.bot_startup_ts).toBeLessThan(1e11);
      const sys = expectWire(SysInfo, await ok(t, 'GET', '/api/v1/sysinfo'), 'sysinfo');
      if (caps.sysinfo) {
        expect(sys.cpu_pct.length).toBeGreaterThan(0);
        for (const pct of [...sys.cpu_pct, sys.ram_pct]) expect(pct).toBeGreaterThanOrEqual(0);
        expect(sys.ram_pct).toBeGreaterThan(0);
        expect(sys.ram_pct).toBeLessThanOrEqual(100);
      } else {
        // No CPU or memory figures inside workerd: empty, never invented.
        expect(sys).toEqual({ cpu_pct: [], ram_pct: 0 });
      }
      const logs = expectWire(Logs, await ok(t, 'GET', '/api/v1/logs?limit=5'), 'logs');
      expect(logs.log_count).toBe(logs.logs.length);
    });

    it('/status: open trades with live fields and the newer fill counters', async () => {
      const t = target();
      const list = expectWire(OpenTradeList, await ok(t, 'GET', '/api/v1/status'), '/status');
      expect(list.map((x) => x.trade_id)).toEqual(t.seeded.openIds);
      for (const tr of list) {
        expect(tr.is_open).toBe(true);
        expect(tr.close_profit).toBeNull();
        expectKeys(tr, ['nr_of_successful_entries', 'nr_of_successful_exits', 'profit_fiat'], '/status');
        expect(tr.nr_of_successful_entries).toBe(1);
        expect(tr.nr_of_successful_exits).toBe(0);
        expect(Number.isInteger(tr.open_timestamp)).toBe(true);
        expect(tr.open_date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
        expect(tr.orders.length).toBeGreaterThan(0);
        // TradeSchema filtering: raw-only keys never reach /status.
        expect(tr).not.toHaveProperty('trade_duration');
        expect(tr.orders[0]).not.toHaveProperty('ft_is_entry');
      }
    });

    it('/trades paging: id ascending with offset; limit=0 all by close date desc; total_trades', async () => {
      const t = target();
      const closed = t.seeded.closedIds;
      const first = expectWire(TradesPage, await ok(t, 'GET', '/api/v1/trades?limit=5&offset=0'), '/trades');
      expect(first.trades.map((x) => x.trade_id)).toEqual(closed.slice(0, 5));
      expect(first.trades_count).toBe(5);
      expect(first.total_trades).toBe(closed.length);
      const raw = first.trades[0];
      expectKeys(raw, ['trade_duration', 'trade_duration_s', 'precision_mode_price', 'contract_size'], 'raw trade');
      expect(Number.isInteger(raw.trade_duration_s)).toBe(true);
      expectKeys(raw.orders[0], ['ft_is_entry', 'average', 'order_date', 'price', 'funding_fee'], 'raw order');

      const second = (await ok(t, 'GET', '/api/v1/trades?limit=5&offset=5')) as any;
      expect(second.trades.map((x: any) => x.trade_id)).toEqual(closed.slice(5, 10));
      expect(second.offset).toBe(5);

      // FreqUI pages by 500 until it has total_trades: the default page holds them all here.
      const all = (await ok(t, 'GET', '/api/v1/trades')) as any;
      expect(all.trades.length).toBe(all.total_trades);

      const zero = expectWire(TradesPage, await ok(t, 'GET', '/api/v1/trades?limit=0&offset=3'), '/trades?limit=0');
      expect(zero.offset).toBe(3);
      expect(zero.trades_count).toBe(closed.length);
      const closeTimes = zero.trades.map((x) => x.close_timestamp as number);
      expect([...closeTimes].sort((a, b) => b - a)).toEqual(closeTimes);

      const latest = (await ok(t, 'GET', '/api/v1/trades?limit=3&order_by_id=false')) as any;
      expect(latest.trades.map((x: any) => x.trade_id)).toEqual(zero.trades.slice(0, 3).map((x) => x.trade_id));

      expect422(await call(t, 'GET', '/api/v1/trades?limit=-1'), ['query', 'limit']);
      expect422(await call(t, 'GET', '/api/v1/trades?offset=abc'), ['query', 'offset']);
    });

    it('/trade/{id}: open and closed trades; 404 and 422', async () => {
      const t = target();
      const open = expectWire(OpenTrade, await ok(t, 'GET', `/api/v1/trade/${t.seeded.openIds[0]}`), 'open trade');
      expect(open.is_open).toBe(true);
      const closed = expectWire(OpenTrade, await ok(t, 'GET', `/api/v1/trade/${t.seeded.closedIds[0]}`), 'closed');
      expect(closed.is_open).toBe(false);
      expect(closed.current_rate).toBe(closed.close_rate);
      const missing = await call(t, 'GET', '/api/v1/trade/99999');
      expect(missing.status).toBe(404);
      expect(missing.json).toEqual({ detail: 'Trade not found.' });
      expect422(await call(t, 'GET', '/api/v1/trade/abc'), ['path', 'tradeid']);
    });

    it('/profit and /profit_all: every Profit field with its type, plus the newer fields', async () => {
      const t = target();
      const p = expectWire(Profit, await ok(t, 'GET', '/api/v1/profit'), '/profit');
      expectKeys(
        p,
        ['best_pair_profit_abs', 'sharpe', 'sortino', 'sqn', 'calmar', 'cagr', 'current_drawdown'],
        '/profit',
      );
      expectKeys(p, ['current_drawdown_abs', 'current_drawdown_high', 'current_drawdown_start'], '/profit');
      expect(p.closed_trade_count).toBe(t.seeded.closedIds.length);
      expect(p.trade_count).toBe(t.seeded.closedIds.length + t.seeded.openIds.length);
      expect(p.winning_trades + p.losing_trades).toBe(p.closed_trade_count);
      expect(p.avg_duration).toMatch(/^(\d+ days?, )?\d+:\d\d:\d\d$/);
      expect(p.first_trade_humanized).toMatch(/ago$/);
      expect(p.max_drawdown_abs).toBeGreaterThan(0);
      expect(p.max_drawdown_start_timestamp).toBeLessThan(p.max_drawdown_end_timestamp);
      expect(p.trading_volume).toBeGreaterThan(0);
      expect(p.bot_start_timestamp).toBeGreaterThan(0);
      const all = expectWire(ProfitAll, await ok(t, 'GET', '/api/v1/profit_all'), '/profit_all');
      expect(all.all.profit_closed_coin).toBe(p.profit_closed_coin);
    });

    it('/stats, /performance, /entries, /exits, /mix_tags', async () => {
      const t = target();
      const stats = expectWire(Stats, await ok(t, 'GET', '/api/v1/stats'), '/stats');
      const counted = Object.values(stats.exit_reasons).reduce((a, r) => a + r.wins + r.losses + r.draws, 0);
      expect(counted).toBe(t.seeded.closedIds.length);
      const perf = expectWire(PerformanceList, await ok(t, 'GET', '/api/v1/performance'), '/performance');
      expect(perf.reduce((a, r) => a + r.count, 0)).toBe(t.seeded.closedIds.length);
      const abs = perf.map((r) => r.profit_abs);
      expect([...abs].sort((a, b) => b - a)).toEqual(abs);
      const entries = expectWire(EntryList, await ok(t, 'GET', '/api/v1/entries'), '/entries');
      expect(entries.map((e) => e.enter_tag)).toContain('Other');
      const exits = expectWire(ExitList, await ok(t, 'GET', '/api/v1/exits'), '/exits');
      expect(exits.reduce((a, r) => a + r.count, 0)).toBe(t.seeded.closedIds.length);
      const mix = expectWire(MixTagList, await ok(t, 'GET', '/api/v1/mix_tags'), '/mix_tags');
      expect(mix.every((m) => m.mix_tag.split(' ').length === 2)).toBe(true);
      const one = expectWire(EntryList, await ok(t, 'GET', '/api/v1/entries?pair=BTC/USDT'), '/entries?pair');
      expect(one.reduce((a, r) => a + r.count, 0)).toBeLessThan(t.seeded.closedIds.length);
    });

    it('/daily, /weekly, /monthly: exactly timescale rows, newest first; timescale < 1 → 422', async () => {
      const t = target();
      for (const [path, n] of [
        ['/api/v1/daily?timescale=12', 12],
        ['/api/v1/weekly?timescale=3', 3],
        ['/api/v1/monthly', 3],
        ['/api/v1/daily', 7],
      ] as const) {
        const body = expectWire(DailyWeeklyMonthly, await ok(t, 'GET', path), path);
        expect(body.data.length).toBe(n);
        const dates = body.data.map((d) => d.date);
        expect([...dates].sort().reverse()).toEqual(dates);
        for (const d of body.data) expect(d.date).toMatch(/^\d{4}-\d\d-\d\d$/);
      }
      const daily = (await ok(t, 'GET', '/api/v1/daily?timescale=30')) as any;
      expect(daily.data.reduce((a: number, d: any) => a + d.trade_count, 0)).toBe(t.seeded.closedIds.length);
      expect422(await call(t, 'GET', '/api/v1/daily?timescale=0'), ['query', 'timescale']);
      expect422(await call(t, 'GET', '/api/v1/weekly?timescale=x'), ['query', 'timescale']);
    });

    it('/balance, /whitelist, /blacklist, /locks (side "*" only)', async () => {
      const t = target();
      const bal = expectWire(Balances, await ok(t, 'GET', '/api/v1/balance'), '/balance');
      expect(bal.note).toBe('Simulated balances');
      expect(bal.currencies.length).toBeGreaterThan(0);
      const wl = expectWire(Whitelist, await ok(t, 'GET', '/api/v1/whitelist'), '/whitelist');
      expect(wl.length).toBe(wl.whitelist.length);
      expectWire(Blacklist, await ok(t, 'GET', '/api/v1/blacklist'), '/blacklist');
      const locks = expectWire(Locks, await ok(t, 'GET', '/api/v1/locks'), '/locks');
      expect(locks.locks.map((l) => l.id)).toEqual([t.seeded.lockIds.star]);
      expect(locks.lock_count).toBe(1);
    });

    it('/count needs a trading bot: 502 RPC error while stopped', async () => {
      const r = await call(target(), 'GET', '/api/v1/count');
      expect(r.status).toBe(502);
      expect(expectWire(RpcError, r.json, '/count').error).toBe('Error querying /api/v1/count: trader is not running');
    });

    it('/pair_candles GET/POST and /pair_history GET/POST', async () => {
      const t = target();
      const empty = expectWire(
        PairHistory,
        await ok(t, 'GET', '/api/v1/pair_candles?pair=NOPE/USDT&timeframe=5m'),
        'pair_candles',
      );
      expect(empty.length).toBe(0);
      expect(empty.data_start).toBe('');
      expect422(await call(t, 'GET', '/api/v1/pair_candles?timeframe=5m'), ['query', 'pair']);
      expectWire(
        PairHistory,
        await ok(t, 'POST', '/api/v1/pair_candles', { pair: 'BTC/USDT', timeframe: '5m', limit: '10', columns: ['x'] }),
        'POST pair_candles',
      );

      const hist = expectWire(
        PairHistory,
        await ok(
          t,
          'GET',
          '/api/v1/pair_history?pair=BTC/USDT&timeframe=5m&timerange=20200101-&strategy=MaCrossStrategy',
        ),
        'pair_history',
      );
      expect(hist.length).toBeGreaterThan(0);
      expect(hist.columns).toContain('__date_ts');
      expect(hist.columns).toContain('_enter_long_signal_close');
      const dateCol = hist.columns.indexOf('date');
      expect(hist.data[0][dateCol]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(hist.data_start).toMatch(/\+00:00$/);
      expect(hist.last_analyzed_ts).toBeLessThan(1e11);
      expect(hist.enter_long_signals).toBe(hist.buy_signals);

      const filtered = expectWire(
        PairHistory,
        await ok(t, 'POST', '/api/v1/pair_history', {
          pair: 'BTC/USDT',
          timeframe: '5m',
          timerange: '20200101-',
          strategy: 'MaCrossStrategy',
          columns: ['ema_fast'],
          unknown_key: 1,
        }),
        'POST pair_history',
      );
      expect(filtered.columns.slice(0, 7)).toEqual(['date', 'open', 'high', 'low', 'close', 'volume', 'ema_fast']);
      expect(filtered.columns).not.toContain('ema_slow');
      expect(filtered.all_columns).toContain('ema_slow');

      for (const q of [
        'pair=BTC/USDT&timeframe=5m&timerange=2020-&strategy=MaCrossStrategy',
        'pair=ZZZ/USDT&timeframe=5m&timerange=20200101-&strategy=MaCrossStrategy',
        'pair=BTC/USDT&timeframe=5m&timerange=20200101-&strategy=NoSuchStrategy',
      ]) {
        const r = await call(t, 'GET', `/api/v1/pair_history?${q}`);
        expect(r.status, q).toBe(502);
        expect(typeof expectWire(ErrorDetail, r.json, q).detail).toBe('string');
      }
      const noData = await call(
        t,
        'GET',
        '/api/v1/pair_history?pair=ZZZ/USDT&timeframe=5m&timerange=20200101-&strategy=MaCrossStrategy',
      );
      expect(noData.json.detail).toBe('No data for ZZZ/USDT, 5m in 20200101- found.');
      expect422(await call(t, 'GET', '/api/v1/pair_history?pair=BTC/USDT&timeframe=5m'), ['query', 'timerange']);
    });

    it('/plot_config, /available_pairs', async () => {
      const t = target();
      const running = expectWire(PlotConfig, await ok(t, 'GET', '/api/v1/plot_config'), 'plot_config');
      expect(running.subplots).toBeDefined();
      expectWire(PlotConfig, await ok(t, 'GET', '/api/v1/plot_config?strategy=RsiStrategy'), 'plot_config?strategy');
      expect((await call(t, 'GET', '/api/v1/plot_config?strategy=Nope')).status).toBe(502);
      const pairs = expectWire(AvailablePairs, await ok(t, 'GET', '/api/v1/available_pairs'), 'available_pairs');
      expect(pairs.pairs).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
      expect(pairs.pair_interval[0]).toEqual(['BTC/USDT', '5m', 'spot']);
      const none = (await ok(t, 'GET', '/api/v1/available_pairs?timeframe=1h')) as any;
      expect(none.length).toBe(0);
      const futures = (await ok(t, 'GET', '/api/v1/available_pairs?candletype=futures')) as any;
      expect(futures.pairs).toEqual([]);
      expect422(await call(t, 'GET', '/api/v1/available_pairs?candletype=bogus'), ['query', 'candletype']);
    });

    it('/strategies, /strategy/{name}, /exchanges, /hyperoptloss, /freqaimodels, /edge', async () => {
      const t = target();
      const list = expectWire(Strategies, await ok(t, 'GET', '/api/v1/strategies'), 'strategies');
      expect(list.strategies).toContain('MaCrossStrategy');
      const s = expectWire(StrategyResponse, await ok(t, 'GET', '/api/v1/strategy/MaCrossStrategy'), 'strategy');
      expect(s.code).toContain('class');
      const missing = await call(t, 'GET', '/api/v1/strategy/NoSuchStrategy');
      expect(missing.status).toBe(404);
      expect(missing.json).toEqual({ detail: 'Strategy not found' });
      const traversal = await call(t, 'GET', '/api/v1/strategy/..%2F..%2Fetc%2Fpasswd');
      expect(traversal.status).toBe(404);
      const b64 = await call(t, 'GET', '/api/v1/strategy/Name:Y29kZQ==');
      expect(b64.status).toBe(500);
      expect(b64.json).toEqual({ detail: 'base64 encoded strategies are not allowed.' });
      const ex = expectWire(Exchanges, await ok(t, 'GET', '/api/v1/exchanges'), 'exchanges');
      expect(ex.exchanges.map((e) => e.name)).toContain('offline');
      expect(ex.exchanges.map((e) => e.name)).toContain('binance');
      expect(expectWire(HyperoptLossList, await ok(t, 'GET', '/api/v1/hyperoptloss'), 'hl').loss_functions).toEqual([]);
      expect(expectWire(FreqaiModels, await ok(t, 'GET', '/api/v1/freqaimodels'), 'fm').freqaimodels).toEqual([]);
      const edge = await call(t, 'GET', '/api/v1/edge');
      expect(edge.status).toBe(502);
      expect(edge.json).toEqual({ error: 'Error querying /api/v1/edge: Edge is not enabled.' });
    });

    it('custom data: per trade, open trades, key filter; unknown trade 404, none → []', async () => {
      const t = target();
      const [closedId] = t.seeded.closedIds;
      const one = expectWire(CustomData, await ok(t, 'GET', `/api/v1/trades/${closedId}/custom-data`), 'cd');
      expect(one).toHaveLength(1);
      expect(one[0].trade_id).toBe(closedId);
      expect(one[0].custom_data.map((d) => d.key)).toEqual(['note', 'score']);
      expect(one[0].custom_data[1].value).toBe(0.75);
      expect(one[0].custom_data[0].created_at).toMatch(/Z$/);
      const keyed = (await ok(t, 'GET', `/api/v1/trades/${closedId}/custom-data?key=note`)) as any;
      expect(keyed[0].custom_data).toHaveLength(1);
      const open = expectWire(CustomData, await ok(t, 'GET', '/api/v1/trades/open/custom-data'), 'open cd');
      expect(open.map((x) => x.trade_id)).toEqual([t.seeded.openIds[0]]);
      expect((await call(t, 'GET', '/api/v1/trades/99999/custom-data')).status).toBe(404);
      expect(await ok(t, 'GET', `/api/v1/trades/${t.seeded.closedIds[1]}/custom-data`)).toEqual([]);
      expect(await ok(t, 'GET', `/api/v1/trades/${closedId}/custom-data?key=nope`)).toEqual([]);
    });

    it('webserver-only routes: 503 after auth', async () => {
      const t = target();
      for (const [method, path] of PRIVATE_ROUTES.filter(([, p]) =>
        /backtest|background|pairlists|download_data/.test(p),
      )) {
        const r = await call(t, method, path);
        expect(r.status, `${method} ${path}`).toBe(503);
        expect(r.json).toEqual({ detail: 'Bot is not in the correct state.' });
      }
    });

    it('unknown paths: GET 404, other methods 405; GET on a POST-only route 404', async () => {
      const t = target();
      expect((await call(t, 'GET', '/api/v1/nope')).status).toBe(404);
      expect((await call(t, 'DELETE', '/api/v1/nope')).status).toBe(405);
      expect((await call(t, 'GET', '/api/v1/forceenter')).status).toBe(404);
    });
  });
}

/** Commands that change the bot: run against a running bot whose data may change. */
export function registerRouteCommandContract(host: string, target: () => RouteTarget): void {
  describe(`route contract, commands (${host})`, () => {
    it('control: start, stop, pause and its aliases, reload_config', async () => {
      const t = target();
      for (const path of ['/api/v1/stop', '/api/v1/start', '/api/v1/pause', '/api/v1/stopentry', '/api/v1/stopbuy']) {
        const body = expectWire(StatusMsg, await ok(t, 'POST', path, {}), path);
        expect(typeof body.status).toBe('string');
      }
      const cfg = (await ok(t, 'GET', '/api/v1/show_config')) as any;
      expect(cfg.state).toBe('paused');
      expect((await ok(t, 'POST', '/api/v1/start')).status).toBe('starting trader ...');
      // Hosts without config files to re-read answer the RPC error; the others reload.
      const reload = await call(t, 'POST', '/api/v1/reload_config', {});
      if (reload.status === 200)
        expect(expectWire(StatusMsg, reload.json, 'reload_config').status).toBeTypeOf('string');
      else
        expect(expectWire(RpcError, reload.json, 'reload_config').error).toMatch(
          /^Error querying \/api\/v1\/reload_config: /,
        );
      expect(expectWire(Count, await ok(t, 'GET', '/api/v1/count'), '/count').current).toBeGreaterThanOrEqual(0);
    });

    it("/pair_candles serves the running bot's analysed frame with helper columns", async () => {
      const t = target();
      let body: any;
      for (let i = 0; i < 50; i++) {
        body = await ok(t, 'GET', '/api/v1/pair_candles?pair=BTC/USDT&timeframe=5m&limit=50');
        if (body.length > 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const hist = expectWire(PairHistory, body, 'pair_candles');
      expect(hist.length).toBe(50);
      expect(hist.columns).toContain('__date_ts');
      expect(hist.all_columns).toEqual(expect.arrayContaining(['enter_long', 'exit_long']));
      const ts = hist.columns.indexOf('__date_ts');
      expect(hist.data[hist.length - 1][ts]).toBe(hist.data_stop_ts);
      expect(hist.last_analyzed_ts).toBeGreaterThan(1_600_000_000);
      expect(hist.last_analyzed_ts).toBeLessThan(1e11);
      const reduced = expectWire(
        PairHistory,
        await ok(t, 'POST', '/api/v1/pair_candles', { pair: 'BTC/USDT', timeframe: '5m', limit: 5, columns: [] }),
        'POST pair_candles',
      );
      expect(reduced.length).toBe(5);
    });

    it('forcebuy (FreqUI payload: numeric strings, extra keys) and forcesell', async () => {
      // SOL/USDT: not in the command server's whitelist, so no tick enters it on its own.
      const t = target();
      const entered = await ok(t, 'POST', '/api/v1/forcebuy', {
        pair: 'SOL/USDT',
        side: 'long',
        price: null,
        ordertype: 'market',
        stakeamount: '50',
        entry_tag: 'api_test',
        leverage: null,
        botId: 'ftbot.0',
      });
      const trade = expectWire(ForceEnterResponse, entered, 'forcebuy') as any;
      expect(trade.pair).toBe('SOL/USDT');
      expect(trade.enter_tag).toBe('api_test');
      expectKeys(trade, ['nr_of_successful_entries', 'nr_of_successful_exits'], 'forcebuy');

      const bad = await call(t, 'POST', '/api/v1/forceenter', { side: 'long' });
      expect422(bad, ['body', 'pair']);
      const badSide = await call(t, 'POST', '/api/v1/forceenter', { pair: 'SOL/USDT', side: 'up' });
      expect422(badSide, ['body', 'side']);
      const again = await call(t, 'POST', '/api/v1/forceenter', { pair: 'SOL/USDT' });
      expect(again.status).toBe(502);
      expect(again.json.error).toMatch(/^Error querying \/api\/v1\/forceenter: position for SOL\/USDT already open/);

      const exited = expectWire(
        ResultMsg,
        await ok(t, 'POST', '/api/v1/forcesell', { tradeid: String(trade.trade_id), ordertype: 'market', botId: 1 }),
        'forcesell',
      );
      expect(exited.result).toBe(`Created exit order for trade ${trade.trade_id}.`);
      const unknown = await call(t, 'POST', '/api/v1/forceexit', { tradeid: 99999 });
      expect(unknown.status).toBe(502);
      expect(unknown.json).toEqual({ error: 'Error querying /api/v1/forceexit: invalid argument' });
      expect422(await call(t, 'POST', '/api/v1/forceexit', {}), ['body', 'tradeid']);
    });

    it('trade commands: cancel open order, reload, delete', async () => {
      const t = target();
      const openId = t.seeded.openIds[t.seeded.openIds.length - 1];
      const reloaded = await call(t, 'POST', `/api/v1/trades/${openId}/reload`);
      if (reloaded.status === 200) expectWire(OpenTrade, reloaded.json, 'reload');
      else expectWire(RpcError, reloaded.json, 'reload error');
      const cancel = await call(t, 'DELETE', `/api/v1/trades/${openId}/open-order`);
      expect(cancel.status).toBe(502);
      expect(cancel.json.error).toBe(
        'Error querying /api/v1/trades/' + openId + '/open-order: No open order for trade_id.',
      );
      const deleted = expectWire(DeleteTrade, await ok(t, 'DELETE', `/api/v1/trades/${openId}`), 'delete');
      expect(deleted.trade_id).toBe(openId);
      expect(deleted.result).toBe('success');
      expect(deleted.result_msg).toMatch(/^Deleted trade \d+\. Closed \d+ open orders\.$/);
      expect((await call(t, 'GET', `/api/v1/trade/${openId}`)).status).toBe(404);
      const gone = await call(t, 'DELETE', `/api/v1/trades/${openId}`);
      expect(gone.status).toBe(502);
      expect422(await call(t, 'DELETE', '/api/v1/trades/abc'), ['path', 'tradeid']);
    });

    it('blacklist: add with errors, remove with a repeated query key', async () => {
      const t = target();
      const added = expectWire(
        Blacklist,
        await ok(t, 'POST', '/api/v1/blacklist', { blacklist: ['DOGE/USDT', 'XRP/USDT'] }),
        'POST blacklist',
      );
      expect(added.blacklist).toEqual(expect.arrayContaining(['DOGE/USDT', 'XRP/USDT']));
      const dup = (await ok(t, 'POST', '/api/v1/blacklist', { blacklist: ['DOGE/USDT'] })) as any;
      expect(dup.errors['DOGE/USDT'].error_msg).toMatch(/already in pairlist/);
      const removed = expectWire(
        Blacklist,
        await ok(t, 'DELETE', '/api/v1/blacklist?pairs_to_delete=DOGE/USDT&pairs_to_delete=XRP/USDT'),
        'DELETE blacklist',
      );
      expect(removed.blacklist).not.toContain('DOGE/USDT');
      expect(removed.blacklist).not.toContain('XRP/USDT');
      expect422(await call(t, 'POST', '/api/v1/blacklist', { blacklist: 'DOGE/USDT' }), ['body', 'blacklist']);
    });

    it('locks: add (aware datetime), delete by id and by pair; naive datetime → 422', async () => {
      const t = target();
      const until = new Date(Date.now() + 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
      const added = expectWire(
        Locks,
        await ok(t, 'POST', '/api/v1/locks', [{ pair: 'SOL/USDT', until: `${until}Z`, reason: 'api test' }]),
        'POST locks',
      );
      const lock = added.locks.find((l) => l.pair === 'SOL/USDT' && l.reason === 'api test');
      expect(lock).toBeDefined();
      expect(lock?.side).toBe('*');
      expect(lock!.lock_end_timestamp).toBeGreaterThanOrEqual(Date.parse(`${until.replace(' ', 'T')}Z`));
      const afterDelete = expectWire(Locks, await ok(t, 'DELETE', `/api/v1/locks/${lock!.id}`), 'DELETE lock');
      expect(afterDelete.locks.map((l) => l.id)).not.toContain(lock!.id);
      expectWire(Locks, await ok(t, 'DELETE', '/api/v1/locks/99999'), 'DELETE unknown lock');
      const byPair = expectWire(
        Locks,
        await ok(t, 'POST', '/api/v1/locks/delete', { pair: 'BTC/USDT' }),
        'POST locks/delete',
      );
      expect(byPair.locks.map((l) => l.pair)).not.toContain('BTC/USDT');
      expect422(await call(t, 'POST', '/api/v1/locks', [{ pair: 'SOL/USDT', until }]), ['body', 0, 'until']);
      expect422(await call(t, 'DELETE', '/api/v1/locks/x'), ['path', 'lockid']);
    });
  });
}
