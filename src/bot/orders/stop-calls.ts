// The exchange calls for a stop order row: the exchange's stop variants where it has them (OKX /
// Gate algo orders need the trigger flag; a triggered one resolves to the order it placed), else
// the plain order calls (Binance spot, the dry-run broker, the offline market).

import type { OrderRow } from '../../db/schema.ts';
import type { Exchange, ExchangeOrder } from '../../exchange/port.ts';

type StopRow = Pick<OrderRow, 'ftOrderSide'>;

export function fetchOrderOf(ex: Exchange, row: StopRow, id: string, pair: string): Promise<ExchangeOrder> {
  return row.ftOrderSide === 'stoploss' && ex.fetchStopOrder ? ex.fetchStopOrder(id, pair) : ex.fetchOrder(id, pair);
}

export function cancelOrderOf(ex: Exchange, row: StopRow, id: string, pair: string): Promise<ExchangeOrder> {
  return row.ftOrderSide === 'stoploss' && ex.cancelStopOrder ? ex.cancelStopOrder(id, pair) : ex.cancelOrder(id, pair);
}

export function fetchByClientIdOf(
  ex: Exchange,
  row: StopRow,
  clientOrderId: string,
  pair: string,
): Promise<ExchangeOrder | undefined> {
  return row.ftOrderSide === 'stoploss' && ex.fetchStopOrderByClientId
    ? ex.fetchStopOrderByClientId(clientOrderId, pair)
    : ex.fetchOrderByClientId(clientOrderId, pair);
}
