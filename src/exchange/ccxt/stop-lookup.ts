// Reading and cancelling stop orders where the exchange keeps them apart. Binance USDⓈ-M takes stop
// orders as algo orders (/fapi/v1/algoOrder, ccxt 4.5): ccxt must be told (`trigger: true`) to look
// there, freqtrade's stoploss_query_requires_stop_flag. Once triggered, the algo order names the
// order it placed (actualOrderId, freqtrade's stoploss_algo_order_info_id): that order carries the fill.
import type { Order as CcxtOrder } from 'ccxt';
import type { OrderLookup } from '../port.ts';

/** ccxt params that route a lookup or cancel to the exchange's stop orders; none for plain orders. */
export function stopLookupParams(algoStops: boolean, options: OrderLookup | undefined): Record<string, unknown> {
  return algoStops && options?.stop ? { trigger: true } : {};
}

/** The id of the order a triggered algo stop placed, when the exchange reports one. */
export function triggeredOrderId(algoStops: boolean, order: CcxtOrder): string | undefined {
  if (!algoStops || order.status !== 'closed') return undefined;
  const actual = (order.info as Record<string, unknown> | undefined)?.actualOrderId;
  return actual === undefined || actual === null || actual === '' ? undefined : String(actual);
}
