// The candle store: closed candles only, persisted in libSQL, refreshed incrementally.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { candlePersistence, loadCandles, storedCandleKeys } from '../../../src/db/repo/candles.ts';
import { CandleStore } from '../../../src/exchange/candle-store.ts';
import { OfflineExchange } from '../../../src/exchange/offline/index.ts';
import type { Candle, Exchange } from '../../../src/exchange/port.ts';
import { openDatabase } from '../../../src/hosts/node/database.ts';
import { analyze } from '../../../src/strategy/analyze.ts';
import { MaCrossStrategy } from '../../../src/strategy/builtin/MaCrossStrategy.ts';
import { RsiStrategy } from '../../../src/strategy/builtin/RsiStrategy.ts';
import { ManualClock } from '../../../src/util/clock.ts';
import { REPO_ROOT } from '../../support/process.ts';

const dir = mkdtempSync(join(tmpdir(), 'tickhub-candles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T = Date.UTC(2026, 2, 2, 12, 0, 0);

/** The offline market, counting how many candles each fetch returns. */
function counted(inner: Exchange): { exchange: Exchange; fetched: number[] } {
  const fetched: number[] = [];
  const exchange = Object.create(inner) as Exchange;
  exchange.fetchOHLCV = async (...args: Parameters<Exchange['fetchOHLCV']>) => {
    const out: Candle[] = await inner.fetchOHLCV(...args);
    fetched.push(out.length);
    return out;
  };
  return { exchange, fetched };
}

describe('candle store', () => {
  it('keeps closed candles only, fetches only what is new, and persists them in one batch', async () => {
    const clock = new ManualClock(T + 90_000);
    const database = await openDatabase(`file:${join(dir, 'store.sqlite')}`);
    const { exchange, fetched } = counted(new OfflineExchange({ clock }));
    const store = new CandleStore(exchange, candlePersistence(database.db), { keep: 300 });
    const first = await store.refresh('BTC/USDT', '5m', 'spot', clock.now());
    expect(first).toHaveLength(300);
    expect(first.at(-1)![0] + 300_000).toBeLessThanOrEqual(clock.now());
    clock.advance(10 * 60_000);
    const second = await store.refresh('BTC/USDT', '5m', 'spot', clock.now());
    expect(second.at(-1)![0]).toBe(first.at(-1)![0] + 2 * 300_000);
    expect(fetched.at(-1)).toBeLessThanOrEqual(4); // only the new candles (plus the forming one)
    const unchanged = await store.refresh('BTC/USDT', '5m', 'spot', clock.now());
    expect(unchanged.at(-1)![0]).toBe(second.at(-1)![0]);
    expect(fetched).toHaveLength(2); // nothing new: no request
    expect(await loadCandles(database.db, { pair: 'BTC/USDT', timeframe: '5m', candleType: 'spot' })).toHaveLength(0);
    await store.flush(); // one batch for everything fetched since the last flush
    const persisted = await loadCandles(database.db, { pair: 'BTC/USDT', timeframe: '5m', candleType: 'spot' });
    expect(persisted.length).toBe(302);
    expect(persisted.at(-1)).toEqual(second.at(-1));

    // A new store (a restart) starts from the database and fetches only the gap.
    const { exchange: ex2, fetched: f2 } = counted(new OfflineExchange({ clock }));
    const restarted = new CandleStore(ex2, candlePersistence(database.db), { keep: 300 });
    clock.advance(5 * 60_000);
    const after = await restarted.refresh('BTC/USDT', '5m', 'spot', clock.now());
    expect(after.at(-1)![0]).toBe(second.at(-1)![0] + 300_000);
    expect(f2[0]).toBeLessThanOrEqual(3);
    database.close();
  });

  it('built-in strategies produce entry and exit signals on offline-market candles', async () => {
    const clock = new ManualClock(T);
    const market = new OfflineExchange({ clock });
    const candles = await market.fetchOHLCV('ETH/USDT', '5m', T - 1500 * 300_000, 1500);
    for (const strategy of [new MaCrossStrategy(), new RsiStrategy()]) {
      const frame = analyze(strategy, candles, { pair: 'ETH/USDT', timeframe: '5m' });
      const count = (c: string) => (frame.columns[c] ?? []).filter((v) => v === 1).length;
      expect(count('enter_long'), strategy.name).toBeGreaterThan(0);
      expect(count('exit_long'), strategy.name).toBeGreaterThan(0);
    }
  });
});

describe('npm run download-data', () => {
  it('fills the candle store with a visible progress bar', async () => {
    const db = join(dir, 'download.sqlite');
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [
        join(REPO_ROOT, 'src/cli/download-data.ts'),
        '--pairs',
        'BTC/USDT',
        'ETH/USDT',
        '--timeframes',
        '5m',
        '1h',
        '--days',
        '2',
        '--db-url',
        `file:${db}`,
      ],
      { cwd: dir },
    );
    const out = stdout + stderr;
    expect(out).toMatch(/100% \| BTC\/USDT 5m \| 576\/576 candles/);
    expect(out).toMatch(/100% \| ETH\/USDT 1h \| 48\/48 candles/);
    expect(out).toContain('Downloaded 1248 candles');
    const database = await openDatabase(`file:${db}`);
    const keys = await storedCandleKeys(database.db);
    expect(keys.map((k) => `${k.pair} ${k.timeframe} ${k.count}`)).toEqual([
      'BTC/USDT 1h 48',
      'BTC/USDT 5m 576',
      'ETH/USDT 1h 48',
      'ETH/USDT 5m 576',
    ]);
    database.close();
  });

  it('rejects unknown pairs with a clear message', async () => {
    const run = promisify(execFile)(
      process.execPath,
      [
        join(REPO_ROOT, 'src/cli/download-data.ts'),
        '--pairs',
        'NOPE/USDT',
        '--days',
        '1',
        '--db-url',
        `file:${join(dir, 'x.sqlite')}`,
      ],
      { cwd: dir },
    );
    await expect(run).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('unknown on offline: NOPE/USDT'),
    });
  });
});
