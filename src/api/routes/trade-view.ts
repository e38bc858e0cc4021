// Trade JSON as the routes send it: freqtrade's to_json plus the newer keys FreqUI reads.

import type { BotApi } from '../../bot/api.ts';
import type { TradeWithOrders } from '../../db/repo/trades.ts';
import type { OrderRow, TradeRow } from '../../db/schema.ts';
import { entrySide } from '../../domain/trade-model.ts';
import { openTradeToJson, rawTradeToJson, tradeToJson } from '../../reports/trade-json.ts';
import type { OpenTrade, RawTrade, Trade } from '../wire/index.ts';

/** nr_of_successful_entries / _exits: filled orders on each side (newer freqtrade TradeSchema). */
function fillCounts(trade: TradeRow, orders: OrderRow[]) {
  const side = entrySide(trade);
  let entries = 0;
  let exits = 0;
  for (const o of orders) {
    if ((o.filled ?? 0) <= 0 || o.ftOrderSide === 'stoploss') {
      if (o.ftOrderSide === 'stoploss' && (o.filled ?? 0) > 0) exits++;
      continue;
    }
    if (o.ftOrderSide === side) entries++;
    else exits++;
  }
  return { nr_of_successful_entries: entries, nr_of_successful_exits: exits };
}

/** TradeSchema (forceenter): model keys only. */
export function tradeJson(t: TradeWithOrders): Trade {
  return { ...tradeToJson(t.trade, t.orders), profit_fiat: null, ...fillCounts(t.trade, t.orders) };
}

/** /trades: the raw to_json with every key. */
export function rawTradeJson(t: TradeWithOrders): RawTrade {
  return { ...rawTradeToJson(t.trade, t.orders), ...fillCounts(t.trade, t.orders) };
}

/**
 * OpenTradeSchema: live profit at the bot's current rate (null rate when the price is unknown).
 * With a fiat rate, profit_fiat and total_profit_fiat as freqtrade's _rpc_trade_status fills them
 * (left null when the live profit is unknown).
 */
export async function openTradeJson(
  bot: BotApi,
  t: TradeWithOrders,
  now: number,
  fiatRate?: number,
): Promise<OpenTrade> {
  let rate: number | null = null;
  if (t.trade.isOpen) {
    try {
      rate = await bot.currentRate(t.trade.pair, t.trade.isShort);
    } catch {
      rate = null;
    }
  }
  const json = { ...openTradeToJson(t.trade, t.orders, rate, now), ...fillCounts(t.trade, t.orders) };
  if (fiatRate !== undefined && (json.profit_abs !== null || !t.trade.isOpen)) {
    json.profit_fiat = (json.profit_abs ?? 0) * fiatRate;
    json.total_profit_fiat = json.total_profit_abs * fiatRate;
  }
  return json;
}
