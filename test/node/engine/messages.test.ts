// Every RPC message the engine publishes has freqtrade's payload (§10): each one parses with the
// wire schema of its type (all listed fields present, with their JSON types).

import { afterEach, describe, expect, it } from 'vitest';
import {
  WsEntryCancelMessage,
  WsEntryMessage,
  WsExitCancelMessage,
  WsExitMessage,
  WsNewCandleMessage,
  WsProtectionMessage,
  WsStatusMessage,
  WsWhitelistMessage,
} from '../../../packages/client/src/schemas/ws.ts';
import type { RpcMessage } from '../../../src/rpc/messages.ts';
import { type EngineHarness, ScriptedStrategy, startEngine } from '../../support/engine.ts';

const harnesses: EngineHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

const SCHEMAS: Record<string, { parse(v: unknown): unknown }> = {
  status: WsStatusMessage,
  warning: WsStatusMessage,
  startup: WsStatusMessage,
  entry: WsEntryMessage,
  entry_fill: WsEntryMessage,
  entry_cancel: WsEntryCancelMessage,
  exit: WsExitMessage,
  exit_fill: WsExitMessage,
  exit_cancel: WsExitCancelMessage,
  protection_trigger: WsProtectionMessage,
  protection_trigger_global: WsProtectionMessage,
  whitelist: WsWhitelistMessage,
  new_candle: WsNewCandleMessage,
};

describe('RPC message payloads', () => {
  it('entry, fills, cancels, exits, protections, status and whitelist all match the wire schemas', async () => {
    const h = await startEngine(
      {
        max_open_trades: 3,
        entry_pricing: { price_side: 'other' },
        exit_pricing: { price_side: 'other' },
        exchange: { pair_whitelist: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'] },
        protections: [
          { method: 'CooldownPeriod', stop_duration_candles: 2 },
          {
            method: 'MaxDrawdown',
            lookback_period_candles: 100,
            trade_limit: 1,
            stop_duration_candles: 2,
            max_allowed_drawdown: 0,
          },
        ],
      },
      new ScriptedStrategy(),
    );
    harnesses.push(h);
    await h.run(1);
    const filled = await h.bot.forceEnter({ pair: 'BTC/USDT', side: 'long' });
    await h.bot.forceExit({ tradeid: filled!.trade.id, ordertype: 'limit', price: filled!.trade.openRate * 10 });
    await h.bot.cancelOpenOrder(filled!.trade.id); // exit_cancel
    const resting = await h.bot.forceEnter({ pair: 'ETH/USDT', side: 'long', price: 10 });
    await h.bot.cancelOpenOrder(resting!.trade.id); // entry_cancel
    await h.bot.forceExit({ tradeid: filled!.trade.id }); // a small loss (fees): cooldown lock
    // freqtrade's MaxDrawdown needs a fall after a first trade: a second small loss locks everything.
    const second = await h.bot.forceEnter({ pair: 'SOL/USDT', side: 'long' });
    await h.bot.forceExit({ tradeid: second!.trade.id });
    await h.bot.stop();

    const types = new Set(h.hub.messages.map((m) => m.type));
    for (const t of Object.keys(SCHEMAS)) expect(types.has(t as RpcMessage['type']), t).toBe(true);
    for (const m of h.hub.messages) {
      const schema = SCHEMAS[m.type];
      expect(schema, m.type).toBeDefined();
      expect(() => schema.parse(m), `${m.type}: ${JSON.stringify(m)}`).not.toThrow();
    }
    const global = h.messages('protection_trigger_global')[0] as unknown as Record<string, unknown>;
    expect(global.pair).toBe('*');
    expect(global.base_currency).toBeNull();
    const entry = h.messages('entry_fill')[0] as unknown as Record<string, unknown>;
    expect(entry.direction).toBe('Long');
    expect(entry.exchange).toBe('Offline');
    // orjson's rendering of freqtrade's datetimes: aware ones end in +00:00 with microseconds only
    // when non-zero (never ".000+00:00"); the cancel messages carry the naive open_date freqtrade
    // reads back from its database, and exit_cancel's close_date is `now(timezone.utc)` (open trade).
    const AWARE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.(?!000)\d{3}000)?\+00:00$/;
    const NAIVE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.(?!000)\d{3}000)?$/;
    const dated = (...types: RpcMessage['type'][]) =>
      types.flatMap((t) => h.messages(t)) as unknown as Record<string, string>[];
    for (const m of dated('entry', 'entry_fill')) expect(m.open_date).toMatch(AWARE);
    for (const m of dated('exit', 'exit_fill')) {
      expect(m.open_date).toMatch(AWARE);
      expect(m.close_date).toMatch(AWARE);
    }
    const entryCancel = h.messages('entry_cancel')[0] as unknown as Record<string, string>;
    expect(entryCancel.open_date).toMatch(NAIVE);
    const exitCancel = h.messages('exit_cancel')[0] as unknown as Record<string, string>;
    expect(exitCancel.open_date).toMatch(NAIVE);
    expect(exitCancel.close_date).toMatch(AWARE);
  });
});
