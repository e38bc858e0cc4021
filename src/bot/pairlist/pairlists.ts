// Pairlist handlers (freqtrade's StaticPairList, VolumePairList and the common filters): a chain
// where the first generates pairs and the rest filter them, then the blacklist is removed.

import { PAIRLIST_METHODS } from '../../config/schema.ts';
import type { Market, Ticker } from '../../exchange/port.ts';
import { expandBlacklist } from './blacklist.ts';
import { ageFilter, rangeStabilityFilter, volatilityFilter } from './candle-filters.ts';
import { num, type PairlistConfig, type PairlistContext, type PairlistInput } from './context.ts';
import { marketCapPairList } from './market-cap.ts';
import { remotePairList } from './remote.ts';
import { PairlistState } from './state.ts';
import { fullTradesFilter, performanceFilter, precisionFilter } from './trade-filters.ts';
import { volumePairList } from './volume.ts';

export type { PairlistInput } from './context.ts';

function tradable(m: Market | undefined, input: PairlistInput): boolean {
  const config = input.config;
  if (!m?.active) return false;
  if (m.quote !== config.stake_currency) return false;
  return config.trading_mode === 'futures' ? m.swap : m.spot;
}

/** Deterministic shuffle (seeded), so ShuffleFilter is reproducible per seed and day. */
function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1664525 + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export const SUPPORTED_PAIRLISTS = PAIRLIST_METHODS;

export async function buildWhitelist(input: PairlistInput): Promise<string[]> {
  const { config, exchange } = input;
  const markets = exchange.markets();
  const state = input.state ?? new PairlistState();
  let pairs: string[] = [];
  let tickers: Record<string, Ticker> | undefined;
  const getTickers = async () => {
    tickers ??= await exchange.fetchTickers();
    return tickers;
  };
  const context = (pl: PairlistConfig, index: number): PairlistContext => ({
    input,
    pl,
    index,
    state,
    markets,
    tickers: getTickers,
    tradable: (p) => tradable(markets[p], input),
    candleType: config.trading_mode === 'futures' ? 'futures' : 'spot',
    logOnce: (message, level = 'info') => {
      if (state.shouldLog(message, input.now)) input.log[level](message);
    },
  });
  for (const [i, raw] of config.pairlists.entries()) {
    const pl = raw as PairlistConfig;
    switch (pl.method) {
      case 'StaticPairList': {
        if (i !== 0) throw new Error('StaticPairList can only be the first pairlist');
        const allowInactive = pl.allow_inactive === true;
        pairs = config.exchange.pair_whitelist.filter((p) => allowInactive || tradable(markets[p], input));
        break;
      }
      case 'ProducerPairList': {
        const name = typeof pl.producer_name === 'string' ? pl.producer_name : undefined;
        const fromProducers = (input.producers?.producerWhitelist(name) ?? []).filter((p) =>
          tradable(markets[p], input),
        );
        const limited = fromProducers.slice(0, num(pl.number_assets, fromProducers.length));
        pairs = i === 0 ? limited : pairs.filter((p) => limited.includes(p));
        break;
      }
      case 'VolumePairList':
        pairs = await volumePairList(context(pl, i), pairs, i === 0);
        break;
      case 'PriceFilter': {
        const t = await getTickers();
        pairs = pairs.filter((p) => {
          const last = t[p]?.last;
          if (!last) return false;
          if (pl.min_price !== undefined && last < num(pl.min_price, 0)) return false;
          if (pl.max_price !== undefined && last > num(pl.max_price, Number.POSITIVE_INFINITY)) return false;
          if (pl.low_price_ratio !== undefined) {
            const tick = markets[p]?.precision.price ?? 0;
            if (tick / last > num(pl.low_price_ratio, 1)) return false;
          }
          return true;
        });
        break;
      }
      case 'SpreadFilter': {
        const t = await getTickers();
        const max = num(pl.max_spread_ratio, 0.005);
        pairs = pairs.filter((p) => {
          const tk = t[p];
          return tk && tk.ask > 0 && 1 - tk.bid / tk.ask <= max;
        });
        break;
      }
      case 'ShuffleFilter': {
        const day = Math.floor(input.now / 86_400_000);
        pairs = shuffle(pairs, num(pl.seed, day));
        break;
      }
      case 'OffsetFilter': {
        const offset = num(pl.offset, 0);
        const count = num(pl.number_assets, 0);
        pairs = pairs.slice(offset, count > 0 ? offset + count : undefined);
        break;
      }
      case 'AgeFilter':
        pairs = await ageFilter(context(pl, i), pairs);
        break;
      case 'VolatilityFilter':
        pairs = await volatilityFilter(context(pl, i), pairs);
        break;
      case 'RangeStabilityFilter':
        pairs = await rangeStabilityFilter(context(pl, i), pairs);
        break;
      case 'PerformanceFilter':
        pairs = await performanceFilter(context(pl, i), pairs);
        break;
      case 'FullTradesFilter':
        pairs = await fullTradesFilter(context(pl, i), pairs);
        break;
      case 'PrecisionFilter':
        pairs = await precisionFilter(context(pl, i), pairs);
        break;
      case 'RemotePairList':
        pairs = await remotePairList(context(pl, i), pairs);
        break;
      case 'MarketCapPairList':
        pairs = await marketCapPairList(context(pl, i), pairs);
        break;
      default:
        throw new Error(
          `Pairlist ${pl.method} is not supported by tickhub (supported: ${SUPPORTED_PAIRLISTS.join(', ')})`,
        );
    }
  }
  const black = new Set(expandBlacklist(input.blacklist, Object.keys(markets)));
  return [...new Set(pairs)].filter((p) => !black.has(p));
}
