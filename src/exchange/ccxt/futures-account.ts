// Futures account reads through ccxt: the funding payments booked (freqtrade's
// _get_funding_fees_from_exchange), the open position's liquidation price (its live
// get_liquidation_price) and mark prices (fetch_funding_rates, for cross-margin liquidation).
import type { Exchange as CcxtClient } from 'ccxt';
import { ExchangeError, type FundingFeeRequest } from '../port.ts';

/** Runs one ccxt call through the adapter's retry and error mapping. */
type Call = <T>(what: string, fn: () => Promise<T>) => Promise<T>;

/** The sum of the funding payments since `since` (positive = received). */
export async function fundingPaid(client: CcxtClient, call: Call, args: FundingFeeRequest): Promise<number> {
  if (!client.has.fetchFundingHistory) {
    throw new ExchangeError('not_supported', `fetch_funding_history() is not available using ${client.name}`);
  }
  const rows = await call('fetchFundingHistory', () => client.fetchFundingHistory(args.symbol, args.since));
  return rows.reduce((sum, r) => sum + (r.amount ?? 0), 0);
}

/** fetch_positions(pair)[0].liquidationPrice; undefined when the exchange cannot list positions. */
export async function positionLiquidationPrice(
  client: CcxtClient,
  call: Call,
  symbol: string,
): Promise<number | null | undefined> {
  if (!client.has.fetchPositions) return undefined;
  const positions = await call('fetchPositions', () => client.fetchPositions([symbol]));
  return positions[0]?.liquidationPrice ?? null;
}

export async function markPrices(client: CcxtClient, call: Call, symbols: string[]): Promise<Record<string, number>> {
  const rates = await call('fetchFundingRates', () => client.fetchFundingRates(symbols));
  const out: Record<string, number> = {};
  for (const [symbol, r] of Object.entries(rates)) if (r?.markPrice) out[symbol] = r.markPrice;
  return out;
}
