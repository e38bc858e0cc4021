// Records the bot's wallet (stake currency) for GET /historic_balance. A snapshot is written on
// the first tick, whenever the stake balance moved (a trade opened, filled or closed), at most
// every 5 minutes while only prices move, and at least hourly — a curve without a row per tick.

import { openTradesCurrent } from '../db/repo/trades.ts';
import { insertWalletSnapshot, lastWalletSnapshot, type WalletSnapshot } from '../db/repo/wallet-history.ts';
import { balanceReport } from '../reports/balance.ts';
import { startingBalance } from '../reports/common.ts';
import type { EngineContext } from './context.ts';

export const PRICE_MOVE_INTERVAL_MS = 5 * 60_000;
export const HEARTBEAT_INTERVAL_MS = 60 * 60_000;

export interface WalletRecorder {
  last: WalletSnapshot | undefined;
  loaded: boolean;
}

export function newWalletRecorder(): WalletRecorder {
  return { last: undefined, loaded: false };
}

/** The wallet now: the /balance report's bot-managed total, and the stake coin's free/used. */
export async function currentWallet(
  ctx: EngineContext,
  rate: (pair: string) => Promise<number | null>,
): Promise<WalletSnapshot> {
  const { config } = ctx;
  const [balances, open] = await Promise.all([ctx.exchange.fetchBalance(), openTradesCurrent(ctx.db)]);
  const report = await balanceReport({
    balances,
    openTrades: open,
    stakeCurrency: config.stake_currency,
    tradingMode: config.trading_mode,
    dryRun: config.dry_run,
    startingCapital: startingBalance(config),
    fiatSymbol: config.fiat_display_currency,
    rate: (coin) => rate(`${coin}/${config.stake_currency}`),
  });
  const stake = balances[config.stake_currency];
  return {
    date: ctx.clock.now(),
    currency: config.stake_currency,
    totalQuote: report.total_bot,
    freeQuote: stake?.free ?? 0,
    usedQuote: stake?.used ?? 0,
  };
}

export function shouldRecord(last: WalletSnapshot | undefined, next: WalletSnapshot): boolean {
  if (!last) return true;
  const elapsed = next.date - last.date;
  if (elapsed >= HEARTBEAT_INTERVAL_MS) return true;
  const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  if (!same(last.freeQuote, next.freeQuote) || !same(last.usedQuote, next.usedQuote)) return true;
  return elapsed >= PRICE_MOVE_INTERVAL_MS && !same(last.totalQuote, next.totalQuote);
}

/** Writes a snapshot when shouldRecord says so; never throws (a failed snapshot must not stop a tick). */
export async function recordWallet(
  ctx: EngineContext,
  recorder: WalletRecorder,
  rate: (pair: string) => Promise<number | null>,
): Promise<void> {
  try {
    if (!recorder.loaded) {
      recorder.last = await lastWalletSnapshot(ctx.db);
      recorder.loaded = true;
    }
    const next = await currentWallet(ctx, rate);
    if (!shouldRecord(recorder.last, next)) return;
    await insertWalletSnapshot(ctx.db, next);
    recorder.last = next;
  } catch (e) {
    ctx.log.warning(`Could not record the wallet: ${e instanceof Error ? e.message : e}`);
  }
}
