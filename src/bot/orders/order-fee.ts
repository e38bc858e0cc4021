// The fee the exchange charged, read on each fill (freqtrade's handle_order_fee → get_real_amount →
// fee_detection_from_trades → trade.update_fee): it replaces the fee rate the trade was opened with,
// so profits use what was really paid.

import type { OrderRow, TradeRow } from '../../db/schema.ts';
import {
  type DetectedFee,
  type FeePair,
  feeFromTrades,
  feeRate,
  feeUpdated,
  MAX_TRUSTED_FEE_RATE,
  updateFee,
} from '../../domain/money/fee-rate.ts';
import { floatRepr, general8 } from '../../domain/python-repr.ts';
import { entrySide } from '../../domain/trade-model.ts';
import type { ExchangeOrder } from '../../exchange/port.ts';
import { type EngineContext, marketOf } from '../context.ts';
import { tradeRepr } from '../log-lines.ts';

/** freqtrade's constants.MATH_CLOSE_PREC. */
const MATH_CLOSE_PREC = 1e-14;

const pyOpt = (x: number | null) => (x === null ? 'None' : floatRepr(x));

function pairOf(ctx: EngineContext, pair: string): FeePair {
  const market = marketOf(ctx, pair);
  if (market) return { base: market.base, quote: market.quote };
  const [base = '', rest = ''] = pair.split('/');
  return { base, quote: rest.split(':')[0] ?? '' };
}

/**
 * freqtrade's get_conversion_rate (calculate_fee_rate uses it since 2024.12, commit 0df7c0703; 2024.10
 * read the last price of FEE/STAKE only): the last price (else the ask) of coin/currency, or the
 * inverse of currency/coin. null when no market or ticker answers.
 */
export async function conversionRate(ctx: EngineContext, coin: string, currency: string): Promise<number | null> {
  if (coin === currency) return 1;
  const markets = ctx.exchange.markets();
  for (const symbol of [`${coin}/${currency}`, `${currency}/${coin}`]) {
    if (!markets[symbol]) continue;
    try {
      const ticker = await ctx.exchange.fetchTicker(symbol);
      const rate = ticker.last || ticker.ask;
      if (!rate) return null;
      return symbol.startsWith(`${currency}/`) ? 1 / rate : rate;
    } catch {
      return null;
    }
  }
  return null;
}

/** Conversion rates of the fee currencies that are neither the pair's base nor its quote. */
async function ratesFor(
  ctx: EngineContext,
  fees: { currency: string; rate?: number | null }[],
  pair: FeePair,
  stake: string,
): Promise<Map<string, number | null>> {
  const rates = new Map<string, number | null>();
  for (const fee of fees) {
    const known = fee.rate !== undefined && fee.rate !== null;
    if (known || fee.currency === pair.base || fee.currency === pair.quote || rates.has(fee.currency)) continue;
    // No price: the configured exchange.unknown_fee_rate, else the rate stays unknown.
    const price = await conversionRate(ctx, fee.currency, stake);
    rates.set(fee.currency, price || (ctx.config.exchange.unknown_fee_rate ?? null));
  }
  return rates;
}

/** fee_detection_from_trades: the fees of the order's trades, read with ccxt fetchMyTrades. */
async function feeOfOrderTrades(
  ctx: EngineContext,
  trade: TradeRow,
  order: OrderRow,
  ex: ExchangeOrder,
  pair: FeePair,
): Promise<{ fee?: DetectedFee; inBase: number }> {
  const since = order.orderDate ?? ex.timestamp;
  const trades = ctx.exchange.fetchOrderTrades ? await ctx.exchange.fetchOrderTrades(ex.id, trade.pair, since) : [];
  if (trades.length === 0) {
    ctx.log.info(`Applying fee on amount for ${tradeRepr(trade)} failed: myTrade-Dict empty found`);
    return { inBase: 0 };
  }
  const rates = await ratesFor(
    ctx,
    trades.flatMap((t) => t.fees),
    pair,
    trade.stakeCurrency,
  );
  const detected = feeFromTrades(trades, pair, (c) => rates.get(c));
  // Only a fee in the base currency changes the amount received (freqtrade's fee_abs).
  const inBase = trades.flatMap((t) => t.fees).reduce((s, f) => s + (f.currency === pair.base ? f.cost : 0), 0);
  let fee: DetectedFee | undefined;
  if (detected && detected.rate !== null && detected.rate < MAX_TRUSTED_FEE_RATE) fee = detected;
  else if (detected) {
    ctx.log.warning(`Not updating ${ex.side}-fee - rate: ${pyOpt(detected.rate)}, ${detected.currency}.`);
  }
  const amount = trades.reduce((s, t) => s + t.amount, 0);
  if (Math.abs(amount - (ex.filled || ex.amount)) > MATH_CLOSE_PREC) {
    // freqtrade raises here: the fee is updated, the amount is not.
    ctx.log.warning(`Amount ${amount} does not match amount ${trade.amount}`);
    ctx.log.warning("Could not update trade amount: Half bought? Amounts don't match");
    return { fee, inBase: 0 };
  }
  return { fee, inBase };
}

export interface FeeAfterFill {
  trade: Partial<TradeRow>;
  /** A fee in the base currency found in the order's trades (the order row's ft_fee_base). */
  feeBase: number;
}

const NOTHING: FeeAfterFill = { trade: {}, feeBase: 0 };

/**
 * The trade's fee fields after `ex` (a fill) of `order`: the order's own fee when it carries one
 * with a plausible rate, else the fees of its trades. Nothing when the side was already updated,
 * the order is still open or nothing is known. A failing read is logged and changes nothing.
 */
export async function feeAfterFill(
  ctx: EngineContext,
  trade: TradeRow,
  order: OrderRow,
  ex: ExchangeOrder,
): Promise<FeeAfterFill> {
  const isEntry = ex.side === entrySide(trade);
  if (ex.status === 'open' || !(ex.filled > 0) || feeUpdated(trade, isEntry)) return NOTHING;
  const pair = pairOf(ctx, trade.pair);
  try {
    if (ex.fee) {
      const rates = await ratesFor(ctx, [ex.fee], pair, trade.stakeCurrency);
      const rate = feeRate(ex.fee, pair, ex.cost, ex.filled, rates.get(ex.fee.currency));
      ctx.log.info(
        `Fee for Trade ${tradeRepr(trade)} [${order.ftOrderSide}]: ${general8(ex.fee.cost)} ${ex.fee.currency} - rate: ${pyOpt(rate)}`,
      );
      if (rate === null || rate < MAX_TRUSTED_FEE_RATE) {
        // A fee in the base currency is already the order row's ft_fee_base (apply-fills.ts).
        return { trade: updateFee(trade, { cost: ex.fee.cost, currency: ex.fee.currency, rate }, isEntry), feeBase: 0 };
      }
    }
    const found = await feeOfOrderTrades(ctx, trade, order, ex, pair);
    return { trade: found.fee ? updateFee(trade, found.fee, isEntry) : {}, feeBase: found.inBase };
  } catch (e) {
    ctx.log.warning(`Could not update trade fee of ${tradeRepr(trade)}: ${e instanceof Error ? e.message : e}`);
    return NOTHING;
  }
}
