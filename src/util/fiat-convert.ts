// freqtrade's CryptoToFiatConverter (fiat_display_currency): the price of a coin in a fiat
// currency from CoinGecko's /simple/price, the coin's id found in /coins/list by symbol (with
// freqtrade's fixed ids for symbols CoinGecko lists more than once), prices kept 6 hours.
// Failures give 0.0, as freqtrade's, logged once an hour.
//
// Unlike freqtrade, nothing waits long for CoinGecko: each HTTP request is aborted after
// `timeoutMs`, a caller waits at most `waitMs` for a price it does not have yet (the fetch goes on
// and fills the cache for the next caller), and after a failure CoinGecko is asked again only
// after a minute (freqtrade asks on every conversion, blocking up to pycoingecko's 120 s).

import { CoinGeckoHttpError, type CoinGeckoSettings, coinGeckoJson, coinGeckoSource } from './coingecko.ts';
import type { Logger } from './logger.ts';

/** Symbols CoinGecko lists under several ids: freqtrade's fixed choice. */
export const COINGECKO_MAPPING: Readonly<Record<string, string>> = {
  eth: 'ethereum',
  bnb: 'binancecoin',
  sol: 'solana',
  usdt: 'tether',
  busd: 'binance-usd',
  tusd: 'true-usd',
  usdc: 'usd-coin',
  btc: 'bitcoin',
};

const PRICE_TTL_MS = 6 * 3_600_000;
const MAX_PRICES = 500;
const RETRY_AFTER_FAILURE_MS = 60_000;
const LOG_ONCE_MS = 3_600_000;

export interface FiatConverterOptions {
  /** The config's `coingecko` section, read on each request (a reload may change it). */
  settings: () => CoinGeckoSettings | undefined;
  /** freqtrade's SUPPORTED_FIAT (upper case). */
  supportedFiat: readonly string[];
  log: Logger;
  now: () => number;
  fetch?: typeof fetch;
  /** Abort a CoinGecko request after this long (default 10 s). */
  timeoutMs?: number;
  /** The longest a conversion waits for a price not cached yet (default 1.5 s); then 0.0. */
  waitMs?: number;
}

interface Coin {
  id: string;
  symbol: string;
}

export class FiatConverter {
  private readonly o: FiatConverterOptions;
  private coins: Coin[] = [];
  private coinsLoading: Promise<void> | undefined;
  private coinsRetryAt = 0;
  private readonly prices = new Map<string, { price: number; until: number }>();
  private readonly pending = new Map<string, Promise<number>>();
  private stored = 0;

  constructor(options: FiatConverterOptions) {
    this.o = options;
  }

  /** Changes whenever a price is stored: answers built from prices can be kept until it moves. */
  get version(): number {
    return this.stored;
  }

  /** freqtrade's convert_amount: the amount in `fiat` (unchanged when both symbols are equal). */
  async convertAmount(amount: number, crypto: string, fiat: string): Promise<number> {
    return amount * (await this.rate(crypto, fiat));
  }

  /** The factor convertAmount multiplies by: 1 for equal symbols (case-sensitive, as freqtrade), else getPrice. */
  rate(crypto: string, fiat: string): Promise<number> {
    return crypto === fiat ? Promise.resolve(1) : this.getPrice(crypto, fiat);
  }

  /** Starts fetching a price in the background (bot start), so the first request finds it cached. */
  warm(crypto: string, fiat: string): void {
    if (crypto !== fiat) void this.getPrice(crypto, fiat).catch(() => undefined);
  }

  /** freqtrade's get_price: lower-cased symbols, "usd" as the coin swapped into the inverse rate. */
  async getPrice(cryptoSymbol: string, fiatSymbol: string): Promise<number> {
    let crypto = cryptoSymbol.toLowerCase();
    let fiat = fiatSymbol.toLowerCase();
    let inverse = false;
    if (crypto === 'usd') {
      // CoinGecko's "usd" coin is another token: ask for the fiat's price in usd and invert it.
      this.o.log.info(`reversing Rates ${crypto}, ${fiat}`);
      crypto = fiat;
      fiat = 'usd';
      inverse = true;
    }
    if (!this.o.supportedFiat.includes(fiat.toUpperCase())) throw new Error(`The fiat ${fiat} is not supported.`);
    const key = `${crypto}/${fiat}`;
    const now = this.o.now();
    const cached = this.prices.get(key);
    if (cached && cached.until > now) return cached.price;
    let pending = this.pending.get(key);
    if (!pending) {
      pending = this.findPrice(crypto, fiat).then((found) => {
        const price = inverse && found !== 0 ? 1 / found : found;
        this.store(key, price);
        return price;
      });
      const settle = () => this.pending.delete(key);
      pending.then(settle, settle);
      this.pending.set(key, pending);
    }
    return this.within(pending);
  }

  private store(key: string, price: number): void {
    if (this.prices.size >= MAX_PRICES && !this.prices.has(key)) {
      const oldest = this.prices.keys().next().value;
      if (oldest !== undefined) this.prices.delete(oldest);
    }
    // A failed lookup (0.0) is kept only a minute: freqtrade asks again on the next conversion.
    const ttl = price === 0 ? RETRY_AFTER_FAILURE_MS : PRICE_TTL_MS;
    this.prices.set(key, { price, until: this.o.now() + ttl });
    this.stored++;
  }

  private within(pending: Promise<number>): Promise<number> {
    const waitMs = this.o.waitMs ?? 1_500;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<number>((resolve) => {
      timer = setTimeout(() => resolve(0), waitMs);
    });
    return Promise.race([pending, late]).finally(() => clearTimeout(timer));
  }

  private request(path: string): Promise<unknown> {
    return coinGeckoJson(coinGeckoSource(this.o.settings()), path, {
      timeoutMs: this.o.timeoutMs ?? 10_000,
      fetch: this.o.fetch,
    });
  }

  /** freqtrade's _find_price: 1.0 for equal symbols, 0.0 for an unknown coin or a failed request. */
  private async findPrice(crypto: string, fiat: string): Promise<number> {
    if (crypto === fiat) return 1.0;
    const id = await this.geckoId(crypto);
    if (!id) {
      this.o.log.once(`unsupported crypto-symbol ${crypto.toUpperCase()} - returning 0.0`, LOG_ONCE_MS, 'WARNING');
      return 0.0;
    }
    try {
      const query = `ids=${encodeURIComponent(id)}&vs_currencies=${encodeURIComponent(fiat)}`;
      const data = (await this.request(`/simple/price?${query}`)) as Record<string, Record<string, unknown>>;
      const price = Number(data?.[id]?.[fiat]);
      if (data?.[id]?.[fiat] === undefined || !Number.isFinite(price)) throw new Error(`no ${fiat} price for ${id}`);
      return price;
    } catch (e) {
      this.o.log.once(`Error in _find_price: ${(e as Error).message}`, LOG_ONCE_MS, 'ERROR');
      return 0.0;
    }
  }

  /** freqtrade's _get_gecko_id: the one coin with the symbol (or the fixed id); none when ambiguous. */
  private async geckoId(symbol: string): Promise<string | undefined> {
    if (this.coins.length === 0) {
      if (this.coinsRetryAt > this.o.now()) return undefined;
      this.coinsLoading ??= this.loadCoins().finally(() => {
        this.coinsLoading = undefined;
      });
      await this.coinsLoading;
      if (this.coins.length === 0) return undefined;
    }
    const fixed = COINGECKO_MAPPING[symbol];
    const found = fixed
      ? this.coins.filter((c) => c.id === fixed)
      : this.coins.filter((c) => c.symbol.toLowerCase() === symbol);
    if (found.length === 1) return found[0].id;
    if (found.length > 1) this.o.log.warning(`Found multiple mappings in CoinGecko for ${symbol}.`);
    return undefined;
  }

  /** freqtrade's _load_cryptomap: the coin list once; on failure (429 or other) asked again after a minute. */
  private async loadCoins(): Promise<void> {
    try {
      const data = await this.request('/coins/list');
      this.coins = (Array.isArray(data) ? data : []).filter(
        (c): c is Coin => typeof c?.id === 'string' && typeof c?.symbol === 'string',
      );
      if (this.coins.length === 0) this.coinsRetryAt = this.o.now() + RETRY_AFTER_FAILURE_MS;
    } catch (e) {
      this.coinsRetryAt = this.o.now() + RETRY_AFTER_FAILURE_MS;
      if (e instanceof CoinGeckoHttpError && e.status === 429) {
        this.o.log.once(
          'Too many requests for CoinGecko API, backing off and trying again later.',
          LOG_ONCE_MS,
          'WARNING',
        );
        return;
      }
      this.o.log.once(
        `Could not load FIAT Cryptocurrency map for the following problem: ${(e as Error).message}`,
        LOG_ONCE_MS,
        'ERROR',
      );
    }
  }
}
