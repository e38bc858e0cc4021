// Builds the RPC messages freqtrade sends for trades (§10.2, §10.3), from stored rows. Dates as
// freqtrade's orjson writes them: aware datetimes (…+00:00) for entry/exit, the naive `open_date`
// freqtrade reads back from its database for the cancel messages.

import type { OrderRow, TradeRow } from '../db/schema.ts';
import { isoformatNaive, isoformatUtc } from '../domain/dates.ts';
import { calculateProfit } from '../domain/money/index.ts';
import { safePrice, tradeMath } from '../domain/trade-model.ts';
import type { EntryMessage, ExitMessage } from '../rpc/messages.ts';

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function entryMessage(
  type: EntryMessage['type'],
  t: TradeRow,
  order: OrderRow,
  opts: {
    exchangeName: string;
    currentRate: number | null;
    subTrade: boolean;
    reason?: string;
    fiatCurrency?: string | null;
  },
): EntryMessage {
  const price = safePrice(order);
  const filledAfterFee = (order.filled ?? 0) - (order.ftFeeBase ?? 0);
  const fields = {
    trade_id: t.id,
    buy_tag: t.enterTag,
    enter_tag: t.enterTag,
    exchange: capitalize(opts.exchangeName),
    pair: t.pair,
    base_currency: t.baseCurrency,
    quote_currency: t.stakeCurrency,
    leverage: t.leverage,
    direction: t.isShort ? ('Short' as const) : ('Long' as const),
    limit: type === 'entry_fill' ? t.openRate : price,
    open_rate: type === 'entry_fill' ? t.openRate : price,
    order_type: order.orderType ?? 'unknown',
    stake_amount: t.stakeAmount,
    stake_currency: t.stakeCurrency,
    fiat_currency: opts.fiatCurrency ?? null,
    amount: type === 'entry_fill' ? filledAfterFee : (order.amount ?? order.ftAmount),
    open_date: isoformatUtc(t.openDate),
    current_rate: opts.currentRate,
    sub_trade: opts.subTrade,
  };
  if (type === 'entry_cancel') {
    return { type, ...fields, open_date: isoformatNaive(t.openDate), reason: opts.reason ?? '' };
  }
  return { type, ...fields };
}

export function exitMessage(
  type: ExitMessage['type'],
  t: TradeRow,
  order: OrderRow,
  opts: {
    exchangeName: string;
    currentRate: number | null;
    now: number;
    reason?: string;
    isFinal: boolean;
    fiatCurrency?: string | null;
  },
): ExitMessage {
  const rate = safePrice(order);
  const amount = type === 'exit_fill' ? (order.filled ?? 0) : (order.amount ?? order.ftAmount);
  const profitRate = type === 'exit_cancel' ? (opts.currentRate ?? rate) : rate;
  const profit = calculateProfit(profitRate, tradeMath(t), amount, t.openRate, { now: opts.now });
  const fields = {
    trade_id: t.id,
    exchange: capitalize(opts.exchangeName),
    pair: t.pair,
    base_currency: t.baseCurrency,
    quote_currency: t.stakeCurrency,
    leverage: t.leverage,
    direction: t.isShort ? ('Short' as const) : ('Long' as const),
    gain: profit.profitAbs > 0 ? ('profit' as const) : ('loss' as const),
    limit: rate,
    order_type: order.orderType ?? 'unknown',
    amount,
    open_rate: t.openRate,
    current_rate: type === 'exit_fill' ? null : opts.currentRate,
    profit_amount: profit.profitAbs,
    profit_ratio: profit.profitRatio,
    buy_tag: t.enterTag,
    enter_tag: t.enterTag,
    exit_reason: t.exitReason ?? order.ftOrderTag,
    open_date: isoformatUtc(t.openDate),
    close_date: isoformatUtc(t.closeDate ?? opts.now),
    stake_amount: t.stakeAmount,
    stake_currency: t.stakeCurrency,
    fiat_currency: opts.fiatCurrency ?? null,
    sub_trade: !opts.isFinal,
  };
  if (type === 'exit_cancel') {
    return {
      type,
      ...fields,
      open_date: isoformatNaive(t.openDate),
      // freqtrade: `trade.close_date or datetime.now(timezone.utc)`, naive when read back, aware when now.
      close_date: t.closeDate === null ? isoformatUtc(opts.now) : isoformatNaive(t.closeDate),
      reason: opts.reason ?? '',
    };
  }
  return {
    type,
    ...fields,
    order_rate: rate,
    close_rate: rate,
    cumulative_profit: t.realizedProfit,
    final_profit_ratio: opts.isFinal ? t.closeProfit : null,
    is_final_exit: opts.isFinal,
  };
}
