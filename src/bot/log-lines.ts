// Log lines in freqtrade's words, where freqtrade logs the same event (freqtradebot.py,
// persistence/trade_model.py, worker.py), so a trader's greps and habits carry over.

import type { Config } from '../config/schema.ts';
import type { OrderRow, TradeRow } from '../db/schema.ts';
import { datetimePrintFormat } from '../domain/dates.ts';

/** Python's repr of a float: 1 → "1.0", 2.5 → "2.5". */
const pyFloat = (n: number) => (Number.isInteger(n) ? `${n}.0` : String(n));
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** freqtrade's Trade.__repr__. */
export function tradeRepr(t: TradeRow): string {
  const openSince = t.isOpen ? datetimePrintFormat(t.openDate) : 'closed';
  return (
    `Trade(id=${t.id}, pair=${t.pair}, amount=${t.amount.toFixed(8)}, is_short=${t.isShort ? 'True' : 'False'}, ` +
    `leverage=${pyFloat(t.leverage ?? 1)}, open_rate=${t.openRate.toFixed(8)}, open_since=${openSince})`
  );
}

export function entrySignalLine(pair: string, isShort: boolean, stake: number): string {
  return `${isShort ? 'Short' : 'Long'} signal found: about create a new trade for ${pair} with stake_amount: ${stake} ...`;
}

export function orderCreatedLine(orderId: string, pair: string, status: string): string {
  return `Order ${orderId} was created for ${pair} and status is ${status}.`;
}

export function exitDetectedLine(pair: string, reason: string, tag?: string | null): string {
  return `Exit for ${pair} detected. Reason: ${reason}${tag ? ` Tag: ${tag}` : ''}`;
}

/** freqtrade's update_trade lines for a filled order: "LIMIT_BUY has been fulfilled for Trade(…)." */
export function fillLines(trade: TradeRow, order: OrderRow, isEntry: boolean, closed: boolean): string[] {
  const buys = isEntry !== trade.isShort;
  const lines = [
    `Updating trade (id=${trade.id}) ...`,
    `${(order.orderType ?? '').toUpperCase()}_${buys ? 'BUY' : 'SELL'} has been fulfilled for ${tradeRepr({ ...trade, isOpen: true })}.`,
  ];
  if (closed) {
    lines.push(`Marking ${tradeRepr(trade)} as closed as the trade is fulfilled and found no open orders for it.`);
  }
  return lines;
}

/** freqtrade's CANCEL_REASON texts for the reasons tickhub records. */
const CANCEL_REASON: Record<string, string> = {
  timeout: 'cancelled due to timeout',
  force_exit: 'forcesold',
  cancelled_by_user: 'user requested order cancel',
  canceled: 'cancelled on exchange',
  cancelled: 'cancelled on exchange',
  expired: 'cancelled on exchange',
  rejected: 'cancelled on exchange',
};
export const cancelReasonText = (reason: string) => CANCEL_REASON[reason] ?? reason;

/** "Buy order cancelled due to timeout for Trade(…)." (side: the order's side, as freqtrade's entry_side). */
export function cancelLine(trade: TradeRow, order: OrderRow, reason: string): string {
  return `${capitalize(order.side ?? order.ftOrderSide)} order ${cancelReasonText(reason)} for ${tradeRepr(trade)}.`;
}

export function removedLine(trade: TradeRow, order: OrderRow): string {
  return `${capitalize(order.side ?? order.ftOrderSide)} order fully cancelled. Removing ${tradeRepr(trade)} from database.`;
}

export function pairLockedLine(pair: string, side: string, until: number, reason: string | null): string {
  return `Pair ${pair} ${side} is locked until ${datetimePrintFormat(until)} due to ${reason}.`;
}

/** Python's repr of a list of strings: ['BTC/USDT', 'ETH/USDT']. */
const pyList = (items: string[]) => `[${items.map((i) => `'${i}'`).join(', ')}]`;

export function whitelistLine(pairs: string[]): string {
  return `Whitelist with ${pairs.length} pairs: ${pyList(pairs)}`;
}

export function stateChangeLine(to: string, from?: string): string {
  return `Changing state${from ? ` from ${from.toUpperCase()}` : ''} to: ${to.toUpperCase()}`;
}

export interface StartupFacts {
  dryRun: boolean;
  exchangeName: string;
  strategy: string;
  timeframe: string;
  stakeAmount: number | 'unlimited';
  stakeCurrency: string;
  maxOpenTrades: number;
  tradingMode: string;
}

export function startupFactsOf(c: Config, exchangeName: string, strategy: string, timeframe: string): StartupFacts {
  return {
    dryRun: c.dry_run,
    exchangeName,
    strategy,
    timeframe,
    stakeAmount: c.stake_amount,
    stakeCurrency: c.stake_currency,
    maxOpenTrades: c.max_open_trades,
    tradingMode: c.trading_mode,
  };
}

/** freqtrade's start-up lines (configuration, exchange, strategy) and its startup message's summary. */
export function startupLines(f: StartupFacts): string[] {
  return [
    `Runmode set to ${f.dryRun ? 'dry_run' : 'live'}.`,
    f.dryRun ? 'Dry run is enabled' : 'Dry run is disabled',
    `Using Exchange "${f.exchangeName}"`,
    `Using resolved strategy ${f.strategy}`,
    `Exchange: ${f.exchangeName}, trading mode: ${f.tradingMode}, stake per trade: ${f.stakeAmount} ${f.stakeCurrency}, ` +
      `max open trades: ${f.maxOpenTrades === -1 ? 'unlimited' : f.maxOpenTrades}, strategy: ${f.strategy}, timeframe: ${f.timeframe}`,
  ];
}
