// The log a trader reads (GET /logs, what FreqUI's log view shows): freqtrade's wording for the
// start-up, each order placed, filled and cancelled, the reconcile at a restart, config reloads,
// and verbosity as freqtrade's (-v: DEBUG lines only from verbosity 1).

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/load.ts';
import type { ConfigInput } from '../../../src/config/schema.ts';
import { startNodeServer } from '../../../src/hosts/node/server.ts';
import { basicAuth, startTestServer } from '../../support/node-server.ts';
import { QUIET_STRATEGY_NAME, writeQuietStrategy } from '../../support/quiet-strategy.ts';
import { TEST_PASSWORD, TEST_USER, testConfig } from '../../support/test-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'tickhub-logs-'));
// The strategy never signals: the bot's own entries cannot take the pairs the test forces in.
writeQuietStrategy(dir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type LogRow = [string, number, string, string, string];
interface Served {
  fetch(path: string, init?: RequestInit): Promise<Response>;
  basic: string;
}
async function logLines(server: Served): Promise<string[]> {
  const res = await server.fetch('/api/v1/logs', { headers: { authorization: server.basic } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { log_count: number; logs: LogRow[] };
  return body.logs.map((r) => `${r[2]} - ${r[3]} - ${r[4]}`);
}
async function post(server: Served, path: string, body: unknown): Promise<Response> {
  return server.fetch(path, {
    method: 'POST',
    headers: { authorization: server.basic, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}
const TRADE = String.raw`Trade\(id=\d+, pair=[A-Z]+/USDT, amount=\d+\.\d{8}, is_short=False, leverage=1\.0, open_rate=\d+\.\d{8}, open_since=(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d|closed)\)`;
/** Lines matching each pattern, in this order (other lines may come between). */
function expectInOrder(lines: string[], patterns: RegExp[]): void {
  let at = 0;
  for (const p of patterns) {
    const i = lines.findIndex((l, k) => k >= at && p.test(l));
    expect(i, `${p} after line ${at} in:\n${lines.join('\n')}`).toBeGreaterThanOrEqual(0);
    at = i + 1;
  }
}

// No strategy entries: only the test's force entries trade. Market entries fill at once.
const config: ConfigInput = {
  strategy: QUIET_STRATEGY_NAME,
  max_open_trades: 5,
  stake_amount: 100,
  order_types: { entry: 'market', exit: 'market', stoploss: 'market', stoploss_on_exchange: false },
  entry_pricing: { price_side: 'other' },
  exit_pricing: { price_side: 'other' },
  exchange: { name: 'offline', pair_whitelist: ['BTC/USDT', 'ETH/USDT'] },
};

describe('the log', () => {
  it('start-up summary, entries and exits placed and filled, a cancel, then the reconcile at a restart', async () => {
    const first = await startTestServer(config, { dir });
    expect((await post(first, '/api/v1/forceenter', { pair: 'ETH/USDT' })).status).toBe(200);
    expect((await post(first, '/api/v1/forceexit', { tradeid: 1 })).status).toBe(200);
    // A limit entry far below the market stays open: cancelled by the user, then another left open.
    const low = { pair: 'BTC/USDT', ordertype: 'limit', price: 1000 };
    expect((await post(first, '/api/v1/forceenter', low)).status).toBe(200);
    const cancel = await first.fetch('/api/v1/trades/2/open-order', {
      method: 'DELETE',
      headers: { authorization: first.basic },
    });
    expect(cancel.status).toBe(200);
    expect((await post(first, '/api/v1/forceenter', low)).status).toBe(200);

    const lines = await logLines(first);
    expectInOrder(lines, [
      /^tickhub\.bot - INFO - Runmode set to dry_run\.$/,
      /^tickhub\.bot - INFO - Dry run is enabled$/,
      /^tickhub\.bot - INFO - Using Exchange "Offline"$/,
      /^tickhub\.bot - INFO - Using resolved strategy QuietStrategy$/,
      /^tickhub\.bot - INFO - Exchange: Offline, trading mode: spot, stake per trade: 100 USDT, max open trades: 5, strategy: QuietStrategy, timeframe: 5m$/,
      /^tickhub\.bot - INFO - Whitelist with 2 pairs: \['BTC\/USDT', 'ETH\/USDT'\]$/,
      /^tickhub\.bot - INFO - Changing state to: RUNNING$/,
      /^tickhub\.bot - INFO - Long signal found: about create a new trade for ETH\/USDT with stake_amount: 100 \.\.\.$/,
      /^tickhub\.bot - INFO - Order \S+ was created for ETH\/USDT and status is closed\.$/,
      /^tickhub\.bot - INFO - Updating trade \(id=1\) \.\.\.$/,
      new RegExp(`^tickhub\\.bot - INFO - MARKET_BUY has been fulfilled for ${TRADE}\\.$`),
      new RegExp(`^tickhub\\.bot - INFO - MARKET_SELL has been fulfilled for ${TRADE}\\.$`),
      new RegExp(
        `^tickhub\\.bot - INFO - Marking ${TRADE} as closed as the trade is fulfilled and found no open orders for it\\.$`,
      ),
      /^tickhub\.bot - INFO - Order \S+ was created for BTC\/USDT and status is open\.$/,
      new RegExp(`^tickhub\\.bot - INFO - Buy order user requested order cancel for ${TRADE}\\.$`),
      new RegExp(`^tickhub\\.bot - INFO - Buy order fully cancelled\\. Removing ${TRADE} from database\\.$`),
      /^tickhub\.bot - INFO - Order \S+ was created for BTC\/USDT and status is open\.$/,
    ]);
    expect(lines.some((l) => l.includes('Marking') && l.includes('open_since=closed'))).toBe(true);
    expect(lines.filter((l) => / - DEBUG - /.test(l))).toEqual([]);
    await first.close();

    // Restart: the open BTC/USDT entry is asked about and reported.
    const again = await startTestServer(config, { dir });
    const restart = await logLines(again);
    expectInOrder(restart, [
      /^tickhub\.bot - INFO - Dry run is enabled$/,
      /^tickhub\.bot - INFO - Updating 1 open orders\.$/,
      /^tickhub\.bot - INFO - Reconciled 1 open orders with the exchange: 0 settled, 1 still open\.$/,
      /^tickhub\.bot - INFO - Changing state to: RUNNING$/,
      /^tickhub - INFO - API listening on http:\/\/127\.0\.0\.1:\d+$/,
    ]);
    expect((await post(again, '/api/v1/stop', {})).status).toBe(200);
    expect(await logLines(again)).toContain('tickhub.bot - INFO - Changing state from RUNNING to: STOPPED');
    await again.close();
  }, 120_000);

  it('verbosity 1 adds DEBUG lines (freqtrade -v); verbosity 0 keeps them out of /logs', async () => {
    const own = join(dir, 'verbosity');
    writeQuietStrategy(own);
    const server = await startTestServer({ ...config, verbosity: 1 }, { dir: own });
    await server.deps.bot.tick();
    expect(await logLines(server)).toContain(
      'tickhub.bot - DEBUG - Found no enter signals for whitelisted currencies. Trying again...',
    );
    await server.close();
    const quiet = await startTestServer(config, { dir: own });
    await quiet.deps.bot.tick();
    expect((await logLines(quiet)).filter((l) => / - DEBUG - /.test(l))).toEqual([]);
    await quiet.close();
  });

  it('a locked pair with an entry signal is reported once per candle; a config reload logs the start-up lines again', async () => {
    const userData = join(dir, 'locked');
    mkdirSync(join(userData, 'strategies'), { recursive: true });
    // Enters on every candle: only the lock keeps it out.
    writeFileSync(
      join(userData, 'strategies', 'AlwaysEnters.js'),
      `export class AlwaysEnters {
        timeframe = '5m';
        stoploss = -0.1;
        populateIndicators(frame) { return frame; }
        populateEntryTrend(frame) { frame.columns.enter_long = frame.close.map(() => 1); return frame; }
        populateExitTrend(frame) { return frame; }
      }\n`,
    );
    const { config: cfg } = validateConfig(
      testConfig({
        ...config,
        user_data_dir: userData,
        strategy: 'AlwaysEnters',
        exchange: { name: 'offline', pair_whitelist: ['ETH/USDT'] },
      }) as Record<string, unknown>,
    );
    const running = await startNodeServer({
      config: cfg,
      configFiles: [],
      dbUrl: `file:${join(userData, 'trades.sqlite')}`,
      port: 0,
      autoTick: false,
      readConfig: () => cfg,
    });
    const server: Served = {
      fetch: (path, init) => fetch(running.url + path, init),
      basic: basicAuth(TEST_USER, TEST_PASSWORD),
    };
    try {
      const until = new Date(Date.now() + 3_600_000).toISOString();
      expect((await post(server, '/api/v1/locks', [{ pair: 'ETH/USDT', until, reason: 'manual' }])).status).toBe(200);
      await running.deps.bot.tick();
      await running.deps.bot.tick();
      const locked = (await logLines(server)).filter((l) => l.includes('is locked until'));
      expect(locked).toHaveLength(1);
      expect(locked[0]).toMatch(
        /^tickhub\.bot - INFO - Pair ETH\/USDT \* is locked until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d due to manual\.$/,
      );
      expect(
        (await server
          .fetch('/api/v1/status', { headers: { authorization: server.basic } })
          .then((r) => r.json())) as unknown[],
      ).toEqual([]);

      expect((await post(server, '/api/v1/reload_config', {})).status).toBe(200);
      const lines = await logLines(server);
      expectInOrder(lines, [
        /^tickhub\.bot - INFO - Config reloaded\.$/,
        /^tickhub\.bot - INFO - Runmode set to dry_run\.$/,
        /^tickhub\.bot - INFO - Using resolved strategy AlwaysEnters$/,
      ]);
    } finally {
      await running.close();
    }
  });
});
