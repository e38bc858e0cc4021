// saveCandleSets packs rows of several pairs into shared upsert statements (a tick saves one new
// candle for each of many pairs): every row lands under its own key, and a stored candle is updated.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadCandles, saveCandleSets, storedCandleKeys } from '../../../src/db/repo/candles.ts';
import type { Candle } from '../../../src/exchange/port.ts';
import { openDatabase } from '../../../src/hosts/node/database.ts';

const dir = mkdtempSync(join(tmpdir(), 'tickhub-candle-sets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T = Date.UTC(2026, 2, 2, 12, 0, 0);
const FIVE_MIN = 300_000;

const candle = (i: number, seed: number): Candle => [
  T + i * FIVE_MIN,
  100 + seed + i,
  101 + seed + i,
  99 + seed + i,
  100.5 + seed + i,
  10 + seed,
];

it('stores rows of 25 keys (1 to 3 rows each, across statement chunks) under their own keys, and updates a stored one', async () => {
  const database = await openDatabase(`file:${join(dir, 'db.sqlite')}`);
  try {
    const sets = Array.from({ length: 25 }, (_, k) => ({
      key: { pair: `P${k}/USDT`, timeframe: '5m', candleType: k % 2 ? 'futures' : 'spot' },
      rows: Array.from({ length: 1 + (k % 3) }, (_, i) => candle(i, k)),
    }));
    await saveCandleSets(database.db, sets);
    // One more candle per key plus a corrected close of the first candle of key 0.
    const corrected: Candle = [...candle(0, 0)];
    corrected[4] = 42;
    const next = sets.map((s, k) => ({ key: s.key, rows: [candle(s.rows.length, k)] }));
    next[0].rows.unshift(corrected);
    await saveCandleSets(database.db, next);

    const keys = await storedCandleKeys(database.db);
    expect(keys).toHaveLength(25);
    for (const [k, s] of sets.entries()) {
      const expected = [...s.rows, candle(s.rows.length, k)];
      if (k === 0) expected[0] = corrected;
      expect(await loadCandles(database.db, s.key)).toEqual(expected);
    }
  } finally {
    database.close();
  }
});
