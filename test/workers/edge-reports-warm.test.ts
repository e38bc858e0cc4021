// The Durable Object warms the report book when it starts (issue 19 point 3), as the Node host does
// once it listens: the book's one pass starts with the object's runtime, not at the first report,
// and the object does not wait for it before answering.

import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { BotObject } from '../../src/hosts/worker/bot-object.ts';
import type { EdgeRuntime } from '../../src/hosts/worker/runtime.ts';
import { reportBook } from '../../src/reports/book.ts';
import { api, botStub } from './edge-helpers.ts';

describe('edge: the report book is warmed at start', () => {
  it('a start begins the pass (no report asked for); the first /profit finds the book built', async () => {
    expect((await api('/api/v1/ping')).status).toBe(200);
    // A restart of the object: a new runtime on a new database handle, so a new book.
    const atStart = await runInDurableObject(botStub(), async (o: BotObject) => {
      (o as unknown as { runtime: EdgeRuntime | undefined }).runtime = undefined;
      const rt = await o.ready();
      const book = reportBook(rt.db);
      return { builds: book.builds, building: book.isBuilding };
    });
    // Started by the start, whether it is still running or already done (D1 under workerd is
    // fast on few trades); without the warm-up this book would be new: no pass, none running.
    expect(atStart.builds + (atStart.building ? 1 : 0)).toBe(1);
    const built = await runInDurableObject(botStub(), async (o: BotObject) => {
      const book = reportBook((await o.ready()).db);
      await book.current();
      return book.builds;
    });
    expect(built).toBe(1);
    const profit = await api('/api/v1/profit');
    expect(profit.status).toBe(200);
    expect(await profit.json()).toHaveProperty('closed_trade_count');
    const afterProfit = await runInDurableObject(
      botStub(),
      async (o: BotObject) => reportBook((await o.ready()).db).builds,
    );
    expect(afterProfit).toBe(1);
  });
});
