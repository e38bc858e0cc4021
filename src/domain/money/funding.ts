// freqtrade's funding fees computed from candles (exchange.combine_funding_and_mark +
// calculate_funding_fees), used in dry-run: the funding rate candle's open times the mark candle's
// open times the position, summed over the funding times between the trade's last fill and now.

/** [open time ms, open, ...] — only the first two fields are read. */
type OpenCandle = readonly [number, number, ...number[]];

/** Positive = received (a short receives a positive rate), negative = paid, as the live endpoints report. */
export function fundingFeesFromCandles(
  fundingRates: readonly OpenCandle[],
  marks: readonly OpenCandle[],
  position: { amount: number; isShort: boolean },
  from: number,
  to: number,
): number {
  const rateAt = new Map<number, number>();
  for (const c of fundingRates) rateAt.set(c[0], c[1]);
  let fees = 0;
  // An inner join on the open time: a mark candle without a funding candle pays nothing.
  for (const m of marks) {
    const rate = rateAt.get(m[0]);
    if (rate === undefined || m[0] < from || m[0] > to) continue;
    fees += rate * m[1] * position.amount;
  }
  if (Number.isNaN(fees)) fees = 0;
  return position.isShort ? fees : -fees;
}

/**
 * The funding fee not yet booked on an order (freqtrade's funding_fee_running): the trade's total
 * minus what its orders already carry. A fill takes it over (Order.funding_fee).
 */
export function runningFundingFee(tradeFundingFees: number, orderFundingFees: readonly (number | null)[]): number {
  return tradeFundingFees - orderFundingFees.reduce<number>((s, f) => s + (f ?? 0), 0);
}

const HOUR = 3_600_000;

/**
 * freqtrade's funding_fee_cutoff: funding is charged at full hours, so a trade filled within the
 * first second of an hour (Binance: 15 s) counts from that full hour and pays its funding.
 */
export function fundingStart(exchangeId: string, lastFill: number): number {
  const intoHour = ((lastFill % HOUR) + HOUR) % HOUR;
  const cutoff = exchangeId.startsWith('binance') ? 15_000 : 1_000;
  return intoHour < cutoff ? lastFill - intoHour : lastFill;
}
