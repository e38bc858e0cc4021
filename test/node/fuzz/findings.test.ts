// Faults the API fuzzer found, pinned as plain regression tests on a real server.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/util/clock.ts';
import { startTestServer, type TestServer } from '../../support/node-server.ts';

let server: TestServer;
beforeAll(async () => {
  // the strategy trades only ADA/USDT: the pairs forced in below are the test's alone
  server = await startTestServer(
    { max_open_trades: 5, exchange: { pair_whitelist: ['ADA/USDT'] } },
    { clock: new ManualClock(Date.now()) },
  );
});
afterAll(async () => {
  await server.close();
});

const post = (path: string, body: unknown) =>
  server.fetch(path, {
    method: 'POST',
    headers: { authorization: server.basic, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('fuzz findings', () => {
  it('forceenter with a huge stakeamount enters with the available stake (was a 500: Infinity reached the DB)', async () => {
    // beyond the schema's bound (issue 18): a 422 before the bot sees it
    expect((await post('/api/v1/forceenter', { pair: 'ETH/USDT', stakeamount: 1e308 })).status).toBe(422);
    const r = await post('/api/v1/forceenter', { pair: 'ETH/USDT', stakeamount: 1e15 });
    expect(r.status).toBe(200);
    const trade = (await r.json()) as { stake_amount: number };
    const balance = (await (
      await server.fetch('/api/v1/balance', { headers: { authorization: server.basic } })
    ).json()) as { starting_capital: number };
    expect(trade.stake_amount).toBeGreaterThan(0);
    expect(trade.stake_amount).toBeLessThanOrEqual(balance.starting_capital);
    // nothing left: the next forced entry is refused by the bot, not by a crash
    const next = await post('/api/v1/forceenter', { pair: 'BTC/USDT', stakeamount: 50 });
    expect(next.status).toBe(200);
    expect(await next.json()).toEqual({ status: 'Error entering long trade for pair BTC/USDT.' });
  });
});
