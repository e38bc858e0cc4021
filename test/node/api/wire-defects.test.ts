// Issue 18, point 7 (wire): show_config.order_types always carries emergency_exit, force_exit and
// force_entry (null when unset), as freqtrade's OrderTypes model serialises them; force-exiting a
// trade whose only entry order never filled cancels the entry and answers freqtrade's 502
// "Failed to exit trade." (rpc.__exec_force_exit returns False once an entry is fully cancelled).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/util/clock.ts';
import { startTestServer, type TestServer } from '../../support/node-server.ts';
import { QUIET_STRATEGY_NAME, writeQuietStrategy } from '../../support/quiet-strategy.ts';

let server: TestServer;
let dir: string;
// The strategy never signals: with the offline market's signals at the wall-clock time, the bot's
// own entries could fill max_open_trades before the force entries run.
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickhub-wire-'));
  writeQuietStrategy(dir);
  server = await startTestServer({ strategy: QUIET_STRATEGY_NAME }, { clock: new ManualClock(Date.now()), dir });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const json = (path: string, body?: unknown) =>
  server.fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: server.basic, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('wire defects', () => {
  it('show_config.order_types carries every OrderTypes field, unset ones as null', async () => {
    const config = (await (await json('/api/v1/show_config')).json()) as { order_types: Record<string, unknown> };
    for (const key of ['emergency_exit', 'force_exit', 'force_entry', 'stoploss_on_exchange_interval'])
      expect(config.order_types, key).toHaveProperty(key);
    expect(config.order_types).toMatchObject({ emergency_exit: null, force_exit: null, force_entry: null });
    expect(config.order_types).toMatchObject({ entry: expect.any(String), exit: expect.any(String) });
  });

  for (const route of ['forcesell', 'forceexit']) {
    it(`/${route} on a trade whose only entry never filled: entry cancelled, 502 "Failed to exit trade."`, async () => {
      const entered = await json('/api/v1/forceenter', { pair: 'BTC/USDT', price: 1000, ordertype: 'limit' });
      expect(entered.status).toBe(200);
      const trade = (await entered.json()) as { trade_id: number; has_open_orders: boolean };
      expect(trade.has_open_orders).toBe(true);
      const r = await json(`/api/v1/${route}`, { tradeid: trade.trade_id });
      expect(r.status).toBe(502);
      expect(await r.json()).toEqual({ error: `Error querying /api/v1/${route}: Failed to exit trade.` });
      expect((await json(`/api/v1/trade/${trade.trade_id}`)).status).toBe(404);
    });
  }
});
