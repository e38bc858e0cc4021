// Every bot command's success and failure paths, with freqtrade's texts.

import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../../src/config/schema.ts';
import { getTrade } from '../../../src/db/repo/trades.ts';
import { RpcError } from '../../../src/rpc/errors.ts';
import { closedTrades, type EngineHarness, openTrades, ScriptedStrategy, startEngine } from '../../support/engine.ts';

const harnesses: EngineHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

async function engine(overrides: ConfigInput = {}, strategy = new ScriptedStrategy(), dir?: string) {
  const h = await startEngine(
    {
      max_open_trades: 3,
      entry_pricing: { price_side: 'other' },
      exit_pricing: { price_side: 'other' },
      exchange: { pair_whitelist: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'] },
      ...overrides,
    },
    strategy,
    { dir },
  );
  harnesses.push(h);
  return h;
}

async function rpcError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RpcError) return e.message;
    throw e;
  }
  throw new Error('expected an RpcError');
}

describe('forceenter', () => {
  it('opens and fills a trade with the default tag, or the given tag, stake and order type', async () => {
    const h = await engine();
    const tw = await h.bot.forceEnter({ pair: 'BTC/USDT', side: 'long' });
    expect(tw?.trade.enterTag).toBe('force_entry');
    expect(tw?.orders[0].filled).toBeGreaterThan(0);
    const custom = await h.bot.forceEnter({
      pair: 'ETH/USDT',
      side: 'long',
      stakeamount: 50,
      entry_tag: 'GutFeeling',
      ordertype: 'market',
    });
    expect(custom?.trade.enterTag).toBe('GutFeeling');
    expect(custom?.trade.stakeAmount).toBeCloseTo(50, 0);
    expect(custom?.orders[0].orderType).toBe('market');
    expect(h.messages('entry_fill').length).toBe(2);
  });

  it('a limit price below the market rests as an open order', async () => {
    const h = await engine();
    const tw = await h.bot.forceEnter({ pair: 'BTC/USDT', side: 'long', price: 1000 });
    expect(tw?.orders[0].ftIsOpen).toBe(true);
    expect(tw?.trade.openRate).toBe(1000);
  });

  it('refuses with freqtrade texts', async () => {
    const disabled = await engine({ force_entry_enable: false });
    expect(await rpcError(disabled.bot.forceEnter({ pair: 'BTC/USDT', side: 'long' }))).toBe(
      'Force_entry not enabled.',
    );

    const h = await engine();
    expect(await rpcError(h.bot.forceEnter({ pair: 'BTC/USDT', side: 'short' }))).toBe(
      "Can't go short on Spot markets.",
    );
    expect(await rpcError(h.bot.forceEnter({ pair: 'NOPE/USDT', side: 'long' }))).toBe(
      'Symbol does not exist or market is not active.',
    );
    await h.bot.forceEnter({ pair: 'BTC/USDT', side: 'long' });
    const [open] = await openTrades(h.database.db);
    expect(await rpcError(h.bot.forceEnter({ pair: 'BTC/USDT', side: 'long' }))).toBe(
      `position for BTC/USDT already open - id: ${open.trade.id}`,
    );
    const resting = await h.bot.forceEnter({ pair: 'ETH/USDT', side: 'long', price: 10 });
    expect(await rpcError(h.bot.forceEnter({ pair: 'ETH/USDT', side: 'long' }))).toBe(
      `position for ETH/USDT already open - id: ${resting!.trade.id} and has open order ${resting!.orders[0].orderId}`,
    );
    await h.bot.forceEnter({ pair: 'SOL/USDT', side: 'long' });
    expect(await rpcError(h.bot.forceEnter({ pair: 'XRP/USDT', side: 'long' }))).toBe(
      'Maximum number of trades is reached.',
    );
    await h.bot.stop();
    expect(await rpcError(h.bot.forceEnter({ pair: 'ADA/USDT', side: 'long' }))).toBe('trader is not running');
  });

  it('refuses pairs outside the stake currency', async () => {
    const h = await engine({ stake_currency: 'BTC', dry_run_wallet: 1 });
    expect(await rpcError(h.bot.forceEnter({ pair: 'ETH/USDT', side: 'long' }))).toBe(
      'Wrong pair selected. Only pairs with stake-currency BTC allowed.',
    );
  });
});

describe('forceexit', () => {
  it('exits one trade fully, as force_exit', async () => {
    const h = await engine();
    const tw = await h.bot.forceEnter({ pair: 'BTC/USDT', side: 'long' });
    expect(await h.bot.forceExit({ tradeid: String(tw!.trade.id) })).toBe(
      `Created exit order for trade ${tw!.trade.id}.`,
    );
    const [closed] = await closedTrades(h);
    expect(closed.trade.exitReason).toBe('force_exit');
    expect(h.messages('exit_fill')).toHaveLength(1);
  });

  it('partially exits a given amount and books the realized profit', async () => {
    const h = await engine();
    const tw = await h.bot.forceEnter({ pair: 'ETH/USDT', side: 'long', stakeamount: 200 });
    const half = tw!.trade.amount / 2;
    await h.bot.forceExit({ tradeid: tw!.trade.id, amount: half });
    const after = (await getTrade(h.database.db, tw!.trade.id))!;
    expect(after.trade.isOpen).toBe(true);
    expect(after.trade.amount).toBeCloseTo(tw!.trade.amount - half, 8);
    expect(after.trade.realizedProfit).not.toBe(0);
    const fill = h.messages('exit_fill')[0] as unknown as Record<string, unknown>;
    expect(fill.is_final_exit).toBe(false);
    expect(fill.sub_trade).toBe(true);
  });

  it('exits all open trades', async () => {
    const h = await engine();
    await h.bot.forceEnter({ pair: 'BTC/USDT', side: 'long' });
    await h.bot.forceEnter({ pair: 'ETH/USDT', side: 'long' });
    expect(await h.bot.forceExit({ tradeid: 'all' })).toBe('Created exit orders for all open trades.');
    expect(await openTrades(h.database.db)).toHaveLength(0);
    expect(await closedTrades(h)).toHaveLength(2);
  });

  it('cancels an unfilled entry instead (the trade disappears) and answers freqtrade\'s "Failed to exit trade."', async () => {
    const h = await engine();
    const tw = await h.bot.forceEnter({ pair: 'BTC/USDT', side: 'long', price: 1000 });
    expect(await rpcError(h.bot.forceExit({ tradeid: tw!.trade.id }))).toBe('Failed to exit trade.');
    expect(await getTrade(h.database.db, tw!.trade.id)).toBeUndefined();
    expect(h.messages('entry_cancel')).toHaveLength(1);
  });

  it('with a price (API 2.45): a limit exit at that price, rounded to the tick, even when market was asked', async () => {
    const h = await engine();
    const tw = await h.bot.forceEnter({ pair: 'BTC/USDT', side: 'long' });
    const tick = h.bot.exchange.markets()['BTC/USDT'].precision.price;
    const far = tw!.trade.openRate * 3 + tick / 3;
    await h.bot.forceExit({ tradeid: String(tw!.trade.id), ordertype: 'market', price: far });
    const after = (await getTrade(h.database.db, tw!.trade.id))!;
    const exit = after.orders.find((o) => o.ftOrderSide === 'sell')!;
    expect(exit.orderType).toBe('limit');
    expect(exit.ftIsOpen).toBe(true);
    expect(exit.price).toBeCloseTo(Math.round(far / tick) * tick, 10);
    expect(after.trade.isOpen).toBe(true);
    // A price at or below the market fills like any limit exit.
    const other = await h.bot.forceEnter({ pair: 'ETH/USDT', side: 'long' });
    await h.bot.forceExit({ tradeid: other!.trade.id, price: other!.trade.openRate * 0.5 });
    const [closed] = await closedTrades(h);
    expect(closed.trade.id).toBe(other!.trade.id);
    expect(closed.trade.exitReason).toBe('force_exit');
    expect(await rpcError(h.bot.forceExit({ tradeid: other!.trade.id, price: -1 }))).toBe('Invalid price -1.');
  });

  it('refuses with freqtrade texts', async () => {
    const h = await engine();
    expect(await rpcError(h.bot.forceExit({ tradeid: 999 }))).toBe('invalid argument');
    expect(await rpcError(h.bot.forceExit({ tradeid: 'abc' }))).toBe('invalid argument');
    const tw = await h.bot.forceEnter({ pair: 'BTC/USDT', side: 'long' });
    const almostAll = tw!.trade.amount * 0.999;
    expect(await rpcError(h.bot.forceExit({ tradeid: tw!.trade.id, amount: almostAll }))).toMatch(
      /^Remaining amount of [\d.e-]+ would be too small\.$/,
    );
    await h.bot.stop();
    expect(await rpcError(h.bot.forceExit({ tradeid: tw!.trade.id }))).toBe('trader is not running');
  });
});

describe('delete trade, cancel open order, reload trade', () => {
  it('deletes a trade, cancelling its open orders', async () => {
    const h = await engine();
    const tw = await h.bot.forceEnter({ pair: 'BTC/USDT', side: 'long', price: 1000 });
    expect(await h.bot.deleteTrade(tw!.trade.id)).toEqual({
      result_msg: `Deleted trade ${tw!.trade.id}. Closed 1 open orders.`,
      cancel_order_count: 1,
    });
    expect(await getTrade(h.database.db, tw!.trade.id)).toBeUndefined();
    const open = await h.bot.balances();
    expect(open.USDT.used).toBe(0);
    expect(await rpcError(h.bot.deleteTrade(tw!.trade.id))).toBe('invalid argument');
  });

  it('cancels an open order, and refuses when there is none', async () => {
    const h = await engine();
    const filled = await h.bot.forceEnter({ pair: 'ETH/USDT', side: 'long' });
    expect(await rpcError(h.bot.cancelOpenOrder(filled!.trade.id))).toBe('No open order for trade_id.');
    expect(await rpcError(h.bot.cancelOpenOrder(424242))).toBe('Invalid trade_id.');
    const resting = await h.bot.forceEnter({ pair: 'BTC/USDT', side: 'long', price: 1000 });
    const answer = await h.bot.cancelOpenOrder(resting!.trade.id);
    expect(answer.orders.every((o) => !o.ftIsOpen)).toBe(true);
    expect(h.messages('entry_cancel')).toHaveLength(1);
    await h.bot.stop();
    expect(await rpcError(h.bot.cancelOpenOrder(filled!.trade.id))).toBe('trader is not running');
  });

  it('reloads a trade from the exchange', async () => {
    const h = await engine();
    const tw = await h.bot.forceEnter({ pair: 'BTC/USDT', side: 'long' });
    const reloaded = await h.bot.reloadTrade(tw!.trade.id);
    expect(reloaded.trade.amount).toBe(tw!.trade.amount);
    expect(await rpcError(h.bot.reloadTrade(777))).toBe('Could not find trade with id 777.');
  });
});

describe('bot states', () => {
  it('start / stop / pause with freqtrade texts, persisted across a restart', async () => {
    const h = await engine({ initial_state: 'stopped' });
    expect(h.bot.state).toBe('stopped');
    expect(await h.bot.stop()).toBe('already stopped');
    expect(await h.bot.start()).toBe('starting trader ...');
    expect(await h.bot.start()).toBe('already running');
    expect(await h.bot.pause()).toBe('paused, no more entries will occur from now. Run /start to enable entries.');
    expect(h.bot.state).toBe('paused');
    const dir = h.dir;
    await h.bot.serial(async () => undefined);
    harnesses.splice(harnesses.indexOf(h), 1);
    h.database.close();
    const again = await engine({ initial_state: 'stopped' }, new ScriptedStrategy(), dir);
    expect(again.bot.state).toBe('paused');
    expect(await again.bot.stop()).toBe('stopping trader ...');
    expect(await again.bot.pause()).toBe(
      'starting bot with trader in paused state, no entries will occur. Run /start to enable entries.',
    );
  });

  it('paused: no new entries, open trades still exit', async () => {
    const h = await engine(
      { exchange: { pair_whitelist: ['BTC/USDT', 'ETH/USDT'] } },
      new ScriptedStrategy({ minimal_roi: { '0': 0.002 }, stoploss: -0.003 }, { long: () => true }),
    );
    await h.run(1);
    const before = await openTrades(h.database.db);
    expect(before.length).toBe(2);
    await h.bot.pause();
    await h.runUntil(async () => (await openTrades(h.database.db)).length === 0);
    await h.run(3);
    expect(await openTrades(h.database.db)).toHaveLength(0);
  });

  it('stopped: the tick does nothing', async () => {
    const h = await engine({ initial_state: 'stopped' }, new ScriptedStrategy({}, { long: () => true }));
    await h.run(3);
    expect(await openTrades(h.database.db)).toHaveLength(0);
    expect(h.bot.lastProcess).toBe(h.clock.now());
  });
});

describe('blacklist and locks', () => {
  it('adds and removes entries with freqtrade error texts; the whitelist follows; persisted', async () => {
    const h = await engine();
    expect(h.bot.whitelist()).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
    const added = await h.bot.addBlacklist(['ETH/USDT', 'BTC/.*', '[']);
    expect(added.blacklist).toEqual(['ETH/USDT', 'BTC/.*']);
    expect(added.blacklist_expanded).toEqual(['ETH/USDT', 'BTC/USDT']);
    expect(added.errors).toEqual({ '[': { error_msg: 'Pair [ is not a valid wildcard.' } });
    expect(h.bot.whitelist()).toEqual(['SOL/USDT']);
    const dup = await h.bot.addBlacklist(['ETH/USDT']);
    expect(dup.errors).toEqual({ 'ETH/USDT': { error_msg: 'Pair ETH/USDT already in pairlist.' } });
    const removed = await h.bot.removeBlacklist(['BTC/.*', 'XRP/USDT']);
    expect(removed.blacklist).toEqual(['ETH/USDT']);
    expect(removed.errors).toEqual({ 'XRP/USDT': { error_msg: 'Pair XRP/USDT is not in the current blacklist.' } });
    expect(h.bot.whitelist()).toEqual(['BTC/USDT', 'SOL/USDT']);
  });

  it('locks round up to the next candle, block entries, and can be removed', async () => {
    const h = await engine({}, new ScriptedStrategy({}, { long: () => true }));
    const until = h.clock.now() + 7 * 60_000 + 1234;
    await h.bot.addLocks([{ pair: 'BTC/USDT', until, side: '*', reason: 'manual' }]);
    const [lock] = await h.bot.activeLocks();
    expect(lock.lockEndTime % 300_000).toBe(0);
    expect(lock.lockEndTime).toBeGreaterThanOrEqual(until);
    await h.run(1);
    expect((await openTrades(h.database.db)).map((t) => t.trade.pair)).not.toContain('BTC/USDT');
    await h.bot.deleteLock(lock.id);
    expect(await h.bot.activeLocks()).toHaveLength(0);
    await h.bot.addLocks([{ pair: 'ETH/USDT', until: h.clock.now() + 3_600_000, side: '*' }]);
    await h.bot.deleteLocksByPair('ETH/USDT');
    expect(await h.bot.activeLocks()).toHaveLength(0);
  });
});

describe('reload_config', () => {
  it('applies a valid config, keeps the old one on a bad file, and refuses restart-only changes', async () => {
    let next: () => Promise<any> = async () => {
      throw new Error('max_open_trades: Expected number');
    };
    const h = await engine();
    // Swap the reload function the Bot was given (the Node host reads the files).
    (h.bot as any).deps.reloadConfig = () => next();
    expect(await rpcError(h.bot.reloadConfig())).toMatch(
      /^Config not reloaded, the old one stays in force: max_open_trades/,
    );
    expect(h.bot.config.max_open_trades).toBe(3);
    next = async () => ({ config: { ...h.bot.config, max_open_trades: 7 }, strategy: new ScriptedStrategy() });
    expect(await h.bot.reloadConfig()).toBe('Reloading config ...');
    expect(h.bot.config.max_open_trades).toBe(7);
    expect(h.messages('status').at(-1)).toEqual({ type: 'status', status: 'config reloaded' });
    next = async () => ({ config: { ...h.bot.config, dry_run: false }, strategy: new ScriptedStrategy() });
    expect(await rpcError(h.bot.reloadConfig())).toBe('Config not reloaded: changing dry_run needs a restart.');
  });
});
