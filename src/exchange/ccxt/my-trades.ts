// freqtrade's get_trades_for_order through ccxt: the account's trades since the order was placed
// (less 5 s for clock drift), kept when they belong to the order.
import type { Exchange as CcxtClient, Trade as CcxtTrade } from 'ccxt';
import type { OrderTrade } from '../port.ts';

type Call = <T>(what: string, fn: () => Promise<T>) => Promise<T>;

type CcxtFee = { cost?: number; currency?: string; rate?: number };

const usable = (f: CcxtFee | undefined): f is { cost: number; currency: string; rate?: number } =>
  f !== undefined && f !== null && typeof f.cost === 'number' && typeof f.currency === 'string';

/** freqtrade's order_has_fee per trade: the single fee when complete, else the fees list. */
function feesOf(t: CcxtTrade): OrderTrade['fees'] {
  const single = t.fee as CcxtFee | undefined;
  const list = usable(single) ? [single] : ((t as { fees?: CcxtFee[] }).fees ?? []).filter(usable);
  return list.map((f) => ({ cost: f.cost, currency: f.currency, rate: f.rate ?? undefined }));
}

export async function tradesOfOrder(
  client: CcxtClient,
  call: Call,
  units: { toAmount(symbol: string, contracts: number): number },
  args: { orderId: string; symbol: string; since: number },
): Promise<OrderTrade[]> {
  if (!client.has.fetchMyTrades) return [];
  const rows = await call('fetchMyTrades', () => client.fetchMyTrades(args.symbol, args.since - 5_000));
  return rows
    .filter((t) => String(t.order) === args.orderId)
    .map((t) => ({
      orderId: args.orderId,
      amount: units.toAmount(args.symbol, t.amount ?? 0),
      cost: t.cost ?? 0,
      fees: feesOf(t),
    }));
}
