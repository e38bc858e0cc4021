// The ccxt calls behind a stop order, driven by the exchange's StopOrderSpec (stop-orders.ts):
// freqtrade's create_stoploss request, fetch_stoploss_order (trigger flag, OKX's algo fallback,
// a triggered stop resolved to the order it placed) and cancel_stoploss_order.

import type { Exchange as CcxtClient, Order as CcxtOrder } from 'ccxt';
import { ExchangeError, type MarginMode, type StopOrderRequest, type TradingMode } from '../port.ts';
import type { CcxtErrorClasses } from './errors.ts';
import { cancelReplyUsable } from './mapping.ts';
import type { StopOrderSpec } from './stop-orders.ts';

export interface StopQuery {
  id: string;
  symbol: string;
  tradingMode: TradingMode;
  isNotFound: (e: unknown) => boolean;
}

export interface StopRequest {
  type: string;
  kind: 'limit' | 'market';
  price: number | undefined;
  params: Record<string, unknown>;
}

/** freqtrade's create_stoploss: order type, price (the limit, none for stop-market) and params. */
export function stopRequest(
  spec: StopOrderSpec,
  req: StopOrderRequest,
  env: { tradingMode: TradingMode; marginMode: MarginMode },
): StopRequest {
  const kind = req.limitPrice === undefined ? 'market' : 'limit';
  const type = spec.orderTypes[kind];
  if (!type) throw new ExchangeError('invalid_order', `no ${kind} stop order type on this exchange`);
  const params: Record<string, unknown> = {
    ...spec.orderParams,
    [spec.priceParam]: req.stopPrice,
    ...spec.stopParams?.({ ...env, side: req.side }),
    [spec.clientIdParam]: wireClientId(spec, req.clientOrderId),
  };
  if (env.tradingMode === 'futures') {
    params.reduceOnly = true;
    // freqtrade sends the price type only when stoploss_price_type is configured.
    if (req.priceType && spec.priceType) params[spec.priceType.field] = spec.priceType.values[req.priceType];
  }
  return { type, kind, price: req.limitPrice, params };
}

export function wireClientId(spec: Pick<StopOrderSpec, 'wireClientId'> | undefined, id: string): string {
  return spec?.wireClientId ? spec.wireClientId(id) : id;
}

/** The trigger price of a parsed ccxt order, read where the exchange's ccxt class puts it. */
export function stopPriceOf(spec: StopOrderSpec | undefined, o: CcxtOrder): number | undefined {
  const own = spec ? (o as unknown as Record<string, unknown>)[spec.priceProp] : undefined;
  const value = (typeof own === 'number' ? own : undefined) ?? o.triggerPrice ?? o.stopPrice;
  return value || undefined;
}

const flag = (spec: StopOrderSpec): Record<string, unknown> => (spec.queryNeedsTriggerFlag ? { trigger: true } : {});
const fetchFlags = (spec: StopOrderSpec): Record<string, unknown> => ({ ...spec.fetchParams, ...flag(spec) });

/**
 * freqtrade's fetch_stoploss_order: the stop itself (with the trigger flag where needed); once it
 * has triggered into another order, that order's fill under the stop's id and trigger.
 */
export async function fetchStop(client: CcxtClient, spec: StopOrderSpec, q: StopQuery): Promise<CcxtOrder> {
  const { id, symbol, isNotFound } = q;
  let stop: CcxtOrder;
  try {
    stop = await client.fetchOrder(id, symbol, fetchFlags(spec));
  } catch (e) {
    if (client.id !== 'okx' || !isNotFound(e)) throw e;
    stop = await okxStopFallback(client, id, symbol, e);
  }
  const field = spec.firedOrderField?.[q.tradingMode];
  const firedId = field ? (stop.info as Record<string, unknown> | undefined)?.[field] : undefined;
  if (stop.status !== 'closed' || firedId === undefined || firedId === null || firedId === '') return stop;
  const fired = await client.fetchOrder(String(firedId), symbol, { ...spec.fetchParams });
  return { ...fired, id: stop.id, clientOrderId: stop.clientOrderId, triggerPrice: stopPriceOf(spec, stop) };
}

/** freqtrade's okx._fetch_stop_order_fallback: the algo order lists (open, closed, cancelled). */
async function okxStopFallback(client: CcxtClient, id: string, symbol: string, notFound: unknown): Promise<CcxtOrder> {
  const params = { trigger: true, ordType: 'conditional' };
  for (const list of [
    () => client.fetchOpenOrders(symbol, undefined, undefined, params),
    () => client.fetchClosedOrders(symbol, undefined, undefined, params),
    () => client.fetchCanceledOrders(symbol, undefined, undefined, params),
  ]) {
    const found = (await list()).find((o) => o.id === id);
    if (found) return found;
  }
  throw notFound;
}

/**
 * freqtrade's cancel_stoploss_order_with_result: cancelOrder with the trigger flag where needed; a
 * reply without status or amount (OKX's cancel-algos gives ids only) is replaced by a fetch.
 */
export async function cancelStop(client: CcxtClient, spec: StopOrderSpec, q: StopQuery): Promise<CcxtOrder> {
  const reply = await client.cancelOrder(q.id, q.symbol, flag(spec));
  return cancelReplyUsable(reply) ? reply : fetchStop(client, spec, q);
}

/** A stop looked up by the client order id it was sent with (crash recovery); undefined when unknown. */
export function fetchStopByClientId(
  client: CcxtClient,
  spec: StopOrderSpec,
  clientOrderId: string,
  symbol: string,
): Promise<CcxtOrder | undefined> {
  const key = spec.clientIdParam === 'newClientOrderId' ? 'origClientOrderId' : 'clientOrderId';
  return byClientId(client, spec, symbol, { ...fetchFlags(spec), [key]: wireClientId(spec, clientOrderId) });
}

/**
 * fetchOrder by client order id, or (Kraken) the open then the closed orders carrying it; params
 * hold the id under `clientOrderId` (or Binance's `origClientOrderId`).
 */
export async function byClientId(
  client: CcxtClient,
  quirks: { clientIdInLists?: boolean },
  symbol: string,
  params: Record<string, unknown>,
): Promise<CcxtOrder | undefined> {
  if (!quirks.clientIdInLists) return client.fetchOrder('', symbol, params);
  const wanted = params.clientOrderId;
  for (const list of [client.fetchOpenOrders.bind(client), client.fetchClosedOrders.bind(client)]) {
    const found = (await list(symbol, undefined, undefined, { clientOrderId: wanted })).find(
      (o) => o.clientOrderId === wanted,
    );
    if (found) return found;
  }
  return undefined;
}

/** A lookup that found nothing fails as "order not found" (the callers answer undefined). */
export async function found(o: Promise<CcxtOrder | undefined>): Promise<CcxtOrder> {
  const order = await o;
  if (!order) throw new ExchangeError('order_not_found', 'no order with that client order id');
  return order;
}

/** ccxt's "no such order" answers (OKX's algo lookups give either). */
export function notFound(errors: Pick<CcxtErrorClasses, 'OrderNotFound' | 'InvalidOrder'>) {
  return (e: unknown) => e instanceof errors.OrderNotFound || e instanceof errors.InvalidOrder;
}
