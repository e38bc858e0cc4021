// freqtrade's wallet capture in backtesting (_capture_wallet, releases from 2025): at each candle
// the stake currency's total (rate 1), then, for each pair with a candle, its base currency's total
// at the candle's open. A zero total is not recorded. The host stores the rows as
// <stem>_<strategy>_wallet.feather (convert_bt_wallet_collection's columns).

export interface WalletCaptures {
  /** Candle time, ms. */
  date: number[];
  currency: string[];
  /** Price of the currency in stake currency (1 for the stake currency, the candle's open else). */
  rate: number[];
  balance: number[];
}

export class WalletRecorder {
  readonly rows: WalletCaptures = { date: [], currency: [], rate: [], balance: [] };
  private readonly baseOf = new Map<string, string>();

  add(date: number, currency: string, rate: number, total: number): void {
    if (!total) return;
    this.rows.date.push(date);
    this.rows.currency.push(currency);
    this.rows.rate.push(rate);
    this.rows.balance.push(total);
  }

  /** freqtrade's pair.split("/")[0]. */
  base(pair: string): string {
    let b = this.baseOf.get(pair);
    if (b === undefined) {
      b = pair.split('/')[0];
      this.baseOf.set(pair, b);
    }
    return b;
  }
}
