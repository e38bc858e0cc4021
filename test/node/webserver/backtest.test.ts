// Webserver mode's backtest routes with FreqUI's exact request bodies (BacktestRun.vue,
// stores/ftbot.ts): candles downloaded through /download_data, a run in a worker thread polled as
// FreqUI polls it, the result saved to user_data/backtest_results and read back by the history
// routes (the current release's zip next to a 2024.10-style json result); one run at a time,
// abort, reset.

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BacktestHistory, BacktestResponse, BacktestResult } from '../../../src/api/wire/index.ts';
import { loadBacktestResult } from '../../../src/hosts/node/backtest/results-store.ts';
import { PANDAS_MARKET_CHANGE_FEATHER, PANDAS_MARKET_CHANGE_ROWS } from '../../support/pandas-market-change.ts';
import { TEST_JWT_SECRET, TEST_PASSWORD, TEST_WS_TOKEN } from '../../support/test-config.ts';
import { startTestWebserver, type TestWebserver, waitForJob } from '../../support/webserver.ts';
import { READONLY_CONFIG, RO_BASIC, RO_PASSWORD } from '../security/support.ts';

let server: TestWebserver;
const DAY = 86_400_000;
const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
let timerange: string;

beforeAll(async () => {
  server = await startTestWebserver(READONLY_CONFIG);
  const dl = await server.call('POST', '/api/v1/download_data', {
    pairs: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'],
    timeframes: ['5m'],
    days: 12,
  });
  await waitForJob(server, dl.json.job_id, 120_000);
  timerange = `${ymd(Date.now() - 10 * DAY)}-`;
}, 180_000);
afterAll(async () => {
  await server.close();
});

async function pollUntilDone(): Promise<BacktestResponse> {
  const start = Date.now();
  for (;;) {
    const r = await server.call('GET', '/api/v1/backtest');
    expect(r.status).toBe(200);
    const status = BacktestResponse.parse(r.json);
    if (!status.running) return status;
    expect(status.status).toBe('running');
    if (Date.now() - start > 120_000) throw new Error(`backtest still running: ${JSON.stringify(r.json)}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

// BacktestRun.vue's payload with every optional field the form can set (no FreqAI)
const payload = () => ({
  strategy: 'MaCrossStrategy',
  timerange,
  enable_protections: false,
  max_open_trades: 3,
  stake_amount: '100',
  dry_run_wallet: 1000,
  timeframe: '5m',
  backtest_cache: 'none',
});

describe('backtest API', () => {
  it('before any run: not_started; abort: not_running', async () => {
    expect((await server.call('GET', '/api/v1/backtest')).json).toEqual({
      status: 'not_started',
      running: false,
      status_msg: 'Backtest not yet executed',
      step: '',
      progress: 0,
      trade_count: null,
    });
    // abort is a GET in freqtrade but changes state: the read-only user reads status, never aborts
    const ro = { headers: { authorization: RO_BASIC } };
    expect((await fetch(`${server.url}/api/v1/backtest`, ro)).status).toBe(200);
    expect((await fetch(`${server.url}/api/v1/backtest/abort`, ro)).status).toBe(403);
    expect((await server.call('GET', '/api/v1/backtest/abort')).json).toMatchObject({
      status: 'not_running',
      running: false,
      status_msg: 'Backtest ended',
    });
  });

  it('runs one backtest at a time off the event loop and serves the result', async () => {
    const started = await server.call('POST', '/api/v1/backtest', payload());
    expect(started).toEqual({
      status: 200,
      json: {
        status: 'running',
        running: true,
        status_msg: 'Backtest started',
        step: 'startup',
        progress: 0,
        trade_count: null,
      },
    });
    const second = await server.call('POST', '/api/v1/backtest', payload());
    expect(second).toEqual({
      status: 502,
      json: { error: 'Error querying /api/v1/backtest: Bot Background task already running' },
    });
    expect((await server.call('GET', '/api/v1/ping')).json).toEqual({ status: 'pong' });
    expect((await server.call('DELETE', '/api/v1/backtest')).json).toMatchObject({ status: 'running', running: true });

    const done = await pollUntilDone();
    expect(done).toMatchObject({ status: 'ended', status_msg: 'Backtest ended', step: 'finished', progress: 1 });
    const result = done.backtest_result;
    // The served result satisfies tickhub-client's StrategyBacktestResult (FreqUI's type).
    const typed = BacktestResult.parse(result);
    expect(typed.strategy.MaCrossStrategy.trades.length).toBe(typed.strategy.MaCrossStrategy.total_trades);
    const stats = result?.strategy.MaCrossStrategy as Record<string, any>;
    expect(stats.total_trades).toBeGreaterThan(0);
    expect(done.trade_count).toBe(stats.total_trades);
    expect(stats.stake_amount).toBe(100);
    expect(stats.max_open_trades).toBe(3);
    expect(stats.starting_balance).toBe(1000);
    expect(stats.pairlist).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
    const meta = result?.metadata.MaCrossStrategy as Record<string, any>;
    expect(meta.filename).toMatch(/^backtest-result-\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d$/);
    expect(meta.strategy).toBe('MaCrossStrategy');
    expect(result?.strategy_comparison.map((r) => r.key)).toEqual(['MaCrossStrategy']);
    // Saved as the current freqtrade release does: the zip, its metadata beside it.
    const zip = join(server.dir, 'backtest_results', `${meta.filename}.zip`);
    expect(existsSync(zip)).toBe(true);
    expect(existsSync(join(server.dir, 'backtest_results', `${meta.filename}.meta.json`))).toBe(true);
    const zipped = unzipSync(readFileSync(zip));
    expect(Object.keys(zipped)).toEqual([
      `${meta.filename}.json`,
      `${meta.filename}_config.json`,
      `${meta.filename}_MaCrossStrategy.ts`,
      `${meta.filename}_market_change.feather`,
      `${meta.filename}_MaCrossStrategy_wallet.feather`,
    ]);
    // The zipped config is sanitised: no password, key or token of the webserver's config.
    const zippedConfig = new TextDecoder().decode(zipped[`${meta.filename}_config.json`]);
    for (const secret of [TEST_PASSWORD, TEST_JWT_SECRET, TEST_WS_TOKEN, RO_PASSWORD]) {
      expect(zippedConfig).not.toContain(secret);
    }
    expect(JSON.parse(zippedConfig).api_server.password).toBe('REDACTED');
  }, 180_000);

  it('history: list, load one result, set notes (FreqUI body), delete', async () => {
    // A result in freqtrade 2024.10's layout beside the zip: plain json, its metadata, and the
    // market change feather pandas wrote next to it. freqtrade lists and loads both kinds.
    const resultsDir = join(server.dir, 'backtest_results');
    const [zipName] = readdirSync(resultsDir).filter((f) => f.endsWith('.zip'));
    const fromZip = loadBacktestResult(join(resultsDir, zipName));
    const legacy = 'backtest-result-2020-01-01_00-00-00';
    writeFileSync(
      join(resultsDir, `${legacy}.json`),
      JSON.stringify({ strategy: fromZip.strategy, strategy_comparison: fromZip.strategy_comparison }),
    );
    const legacyMeta = { ...fromZip.metadata.MaCrossStrategy, run_id: 'legacy-run', backtest_start_time: 1577836800 };
    writeFileSync(join(resultsDir, `${legacy}.meta.json`), JSON.stringify({ MaCrossStrategy: legacyMeta }));
    writeFileSync(join(resultsDir, `${legacy}_market_change.feather`), PANDAS_MARKET_CHANGE_FEATHER);

    const list = BacktestHistory.parse((await server.call('GET', '/api/v1/backtest/history')).json);
    expect(list.map((e) => [e.filename, e.run_id])).toEqual([
      [zipName.slice(0, -'.zip'.length), fromZip.metadata.MaCrossStrategy.run_id],
      [legacy, 'legacy-run'],
    ]);
    const old = await server.call(
      'GET',
      `/api/v1/backtest/history/result?${new URLSearchParams({ filename: legacy, strategy: 'MaCrossStrategy' })}`,
    );
    expect(old.status).toBe(200);
    const oldResult = BacktestResult.parse(old.json.backtest_result);
    expect(oldResult.metadata.MaCrossStrategy.filename).toBe(legacy);
    expect(oldResult.strategy.MaCrossStrategy.total_trades).toBe(
      (fromZip.strategy.MaCrossStrategy as { total_trades: number }).total_trades,
    );
    expect((await server.call('GET', `/api/v1/backtest/history/${legacy}/market_change`)).json).toEqual({
      columns: ['date', 'mean', 'rel_mean', 'count', '__date_ts'],
      length: 3,
      data: PANDAS_MARKET_CHANGE_ROWS,
    });
    // Deleting the old result removes its json, metadata and market change file, nothing else.
    const afterLegacy = await server.call('DELETE', `/api/v1/backtest/history/${legacy}.json`);
    expect(afterLegacy.status).toBe(200);
    expect(afterLegacy.json).toHaveLength(1);
    expect(readdirSync(resultsDir).filter((f) => f.startsWith(legacy))).toEqual([]);
    expect(existsSync(join(resultsDir, zipName))).toBe(true);

    const entry = list[0];
    expect(entry).toMatchObject({ strategy: 'MaCrossStrategy', timeframe: '5m', notes: '' });

    const params = new URLSearchParams({ filename: entry.filename, strategy: entry.strategy });
    const loaded = await server.call('GET', `/api/v1/backtest/history/result?${params}`);
    expect(loaded.json).toMatchObject({ status: 'ended', running: false, progress: 1, status_msg: 'Historic result' });
    expect(loaded.json.backtest_result.metadata.MaCrossStrategy.filename).toBe(entry.filename);
    expect(loaded.json.backtest_result.strategy.MaCrossStrategy.total_trades).toBeGreaterThan(0);
    expect(BacktestResult.parse(loaded.json.backtest_result).metadata.MaCrossStrategy.filename).toBe(entry.filename);

    // saveBacktestResultMetadata sends run_id and filename besides notes and strategy
    const patched = await server.call('PATCH', `/api/v1/backtest/history/${entry.filename}`, {
      notes: 'fast MA cross',
      strategy: 'MaCrossStrategy',
      run_id: entry.run_id,
      filename: entry.filename,
    });
    expect(patched.status).toBe(200);
    expect(patched.json[0]).toMatchObject({ run_id: entry.run_id, notes: 'fast MA cross' });
    const wrong = await server.call('PATCH', `/api/v1/backtest/history/${entry.filename}`, {
      notes: 'x',
      strategy: 'Nope',
    });
    expect(wrong).toEqual({ status: 400, json: { detail: 'Strategy not in metadata.' } });

    for (const bad of ['..%2F..%2Fconfig', 'nope']) {
      expect((await server.call('DELETE', `/api/v1/backtest/history/${bad}`)).status).toBe(404);
    }
    expect(
      (await server.call('GET', `/api/v1/backtest/history/result?filename=..%2Fx&strategy=MaCrossStrategy`)).status,
    ).toBe(404);
    // getBacktestWalletChange (2.48): the wallet curve of the saved run, checked against its stats
    const wallet = await server.call('GET', `/api/v1/backtest/history/${entry.filename}/MaCrossStrategy/wallet`);
    const stats = loaded.json.backtest_result.strategy.MaCrossStrategy;
    expect(wallet.json.columns).toEqual(['date', 'total_quote', 'free_quote', 'used_quote', '__date_ts']);
    expect(wallet.json.length).toBe(stats.total_trades + 1);
    expect(wallet.json.data[0][1]).toBe(stats.starting_balance);
    expect(wallet.json.data.at(-1)[1]).toBeCloseTo(stats.final_balance, 6);
    expect(wallet.json.capture_start_ts).toBeNull();
    expect((await server.call('GET', `/api/v1/backtest/history/${entry.filename}/Nope/wallet`)).status).toBe(404);

    // getBacktestMarketChange: mean close of the run's pairs per candle, saved with the result
    const market = await server.call('GET', `/api/v1/backtest/history/${entry.filename}/market_change`);
    expect(market.status).toBe(200);
    expect(market.json.columns).toEqual(['date', 'mean', 'rel_mean', 'count', '__date_ts']);
    expect(market.json.length).toBeGreaterThan(1000);
    expect(market.json.data[0][2]).toBe(0);
    expect(market.json.data[0][3]).toBe(3);
    expect(market.json.data[0][4]).toBe(entry.backtest_start_ts! * 1000);

    // The market change in the zip is the mean close of the three pairs' candles in the store.
    expect(market.json.data.every((row: number[]) => row[3] === 3)).toBe(true);

    const deleted = await server.call('DELETE', `/api/v1/backtest/history/${entry.filename}`);
    expect(deleted).toEqual({ status: 200, json: [] });
    expect((await server.call('GET', `/api/v1/backtest/history/${entry.filename}/market_change`)).status).toBe(404);
    // The zip, its metadata and everything named after it are gone; .last_result.json stays, as in freqtrade.
    expect(readdirSync(resultsDir)).toEqual(['.last_result.json']);
  });

  it('abort stops a run (freqtrade: "Backtest failed with Stop requested"); reset forgets it', async () => {
    await server.call('POST', '/api/v1/backtest', { ...payload(), timerange: `${ymd(Date.now() - 11 * DAY)}-` });
    const stopping = await server.call('GET', '/api/v1/backtest/abort');
    expect(stopping.json).toMatchObject({ status: 'stopping', running: false });
    const ended = await pollUntilDone();
    expect(ended).toMatchObject({ status: 'error', status_msg: 'Backtest failed with Stop requested' });
    expect((await server.call('DELETE', '/api/v1/backtest')).json).toMatchObject({
      status: 'reset',
      status_msg: 'Backtest reset',
    });
    expect((await server.call('GET', '/api/v1/backtest')).json.status).toBe('not_started');

    // the audit trail names every start, abort, reset and history change
    const audit = await server.call('GET', '/api/v1/audit_log?limit=100');
    const routes = audit.json.entries.map((e: { method: string; route: string }) => `${e.method} ${e.route}`);
    for (const call of ['POST /api/v1/backtest', 'GET /api/v1/backtest/abort', 'DELETE /api/v1/backtest']) {
      expect(routes, call).toContain(call);
    }
    expect(routes.some((r: string) => r.startsWith('PATCH /api/v1/backtest/history/'))).toBe(true);
    expect(routes).toContain('POST /api/v1/download_data');
    expect(routes).not.toContain('GET /api/v1/backtest');
  }, 120_000);

  it('bad bodies: 422 without strategy, 500 for base64 strategies as freqtrade', async () => {
    const missing = await server.call('POST', '/api/v1/backtest', { timerange, enable_protections: false });
    expect(missing.status).toBe(422);
    const b64 = await server.call('POST', '/api/v1/backtest', { ...payload(), strategy: 'Name:Y29kZQ==' });
    expect(b64).toEqual({ status: 500, json: { detail: 'base64 encoded strategies are not allowed.' } });
  });
});
