// What /pairlists/available lists: each pairlist tickhub implements, whether it generates pairs,
// and its parameters in freqtrade's available_parameters shape (type, default, description, help;
// options for "option"), with freqtrade's names and defaults.

import type { PAIRLIST_METHODS } from '../../config/schema.ts';

export type PairlistParameter =
  | { type: 'number'; default: number | null; description: string; help: string }
  | { type: 'string'; default: string | null; description: string; help: string }
  | { type: 'option'; default: string | null; options: string[]; description: string; help: string }
  | { type: 'boolean'; default: boolean | null; description: string; help: string }
  | { type: 'list'; default: string[] | null; description: string; help: string };

export interface PairlistInfo {
  name: (typeof PAIRLIST_METHODS)[number];
  description: string;
  is_pairlist_generator: boolean;
  params: Record<string, PairlistParameter>;
}

const num = (d: number | null, description: string, help: string): PairlistParameter => ({
  type: 'number',
  default: d,
  description,
  help,
});
const refreshPeriod = (d = 1800) => ({
  refresh_period: num(d, 'Refresh period', 'Seconds a computed value is reused before it is computed again.'),
});
const sortDirection = (by: string): PairlistParameter => ({
  type: 'option',
  default: null,
  options: ['', 'asc', 'desc'],
  description: 'Sort pairlist',
  help: `Order the kept pairs by ${by}, ascending or descending (empty: keep the order).`,
});
const lookbackDays = num(10, 'Lookback Days', 'Complete daily candles the value is computed from.');
const numberAssets = (d: number, help = 'At most this many pairs are kept.') => num(d, 'Number of assets', help);

export const AVAILABLE_PAIRLISTS: PairlistInfo[] = [
  {
    name: 'AgeFilter',
    description: 'Keeps pairs by how many days they have been listed.',
    is_pairlist_generator: false,
    params: {
      min_days_listed: num(
        10,
        'Minimum Days Listed',
        'Pairs with fewer complete daily candles on the exchange are dropped.',
      ),
      max_days_listed: num(
        null,
        'Maximum Days Listed',
        'Pairs with more complete daily candles than this are dropped (unset: no upper bound).',
      ),
    },
  },
  {
    name: 'FullTradesFilter',
    description: 'Empties the whitelist while every trade slot is in use.',
    is_pairlist_generator: false,
    params: {},
  },
  {
    name: 'MarketCapPairList',
    description: 'Generates or filters pairs by the market-cap rank of their base coin.',
    is_pairlist_generator: true,
    params: {
      number_assets: numberAssets(30),
      max_rank: num(30, 'Max rank of assets', 'Only coins ranked this high or better are considered (at most 250).'),
      categories: {
        type: 'list',
        default: [],
        description: 'Coin Categories',
        help: 'Market-cap categories to rank within (e.g. layer-1); empty: all coins.',
      },
      ...refreshPeriod(86400),
    },
  },
  {
    name: 'OffsetFilter',
    description: 'Skips the first pairs of the list and optionally caps its length.',
    is_pairlist_generator: false,
    params: {
      offset: num(0, 'Offset', 'Pairs skipped at the start of the list.'),
      number_assets: numberAssets(0, 'Pairs kept after the offset (0: all).'),
    },
  },
  {
    name: 'PerformanceFilter',
    description: 'Orders pairs by the profit of their closed trades.',
    is_pairlist_generator: false,
    params: {
      minutes: num(0, 'Minutes', 'Only trades closed in this many recent minutes count (0: all).'),
      min_profit: num(
        null,
        'Minimum profit',
        'Pairs whose summed profit ratio is below this are dropped (unset: none dropped).',
      ),
    },
  },
  {
    name: 'PrecisionFilter',
    description: 'Drops pairs whose price step is too coarse to place the stoploss.',
    is_pairlist_generator: false,
    params: {},
  },
  {
    name: 'PriceFilter',
    description: 'Keeps pairs by last price and price-step size.',
    is_pairlist_generator: false,
    params: {
      low_price_ratio: num(
        0,
        'Low price ratio',
        'Drops pairs where one price step is a larger share of the price than this ratio.',
      ),
      min_price: num(0, 'Minimum price', 'Drops pairs priced below this (0: no minimum).'),
      max_price: num(0, 'Maximum price', 'Drops pairs priced above this (0: no maximum).'),
      max_value: num(0, 'Maximum value', 'Drops pairs whose smallest order costs more than this (0: no limit).'),
    },
  },
  {
    name: 'ProducerPairList',
    description: 'Takes the whitelist of a producer bot (producer/consumer mode).',
    is_pairlist_generator: true,
    params: {
      number_assets: numberAssets(0),
      producer_name: {
        type: 'string',
        default: 'default',
        description: 'Producer name',
        help: 'Which producer of external_message_consumer to follow.',
      },
    },
  },
  {
    name: 'RangeStabilityFilter',
    description: 'Keeps pairs by their high-low range over the last days.',
    is_pairlist_generator: false,
    params: {
      lookback_days: lookbackDays,
      min_rate_of_change: num(
        0.01,
        'Minimum Rate of Change',
        'Pairs whose (highest high - lowest low) / lowest low is below this are dropped.',
      ),
      max_rate_of_change: num(
        null,
        'Maximum Rate of Change',
        'Pairs whose range ratio is above this are dropped (unset: no maximum).',
      ),
      sort_direction: sortDirection('rate of change'),
      ...refreshPeriod(),
    },
  },
  {
    name: 'RemotePairList',
    description: 'Pairs from a JSON document at a URL or in a local file (file:///).',
    is_pairlist_generator: true,
    params: {
      pairlist_url: {
        type: 'string',
        default: '',
        description: 'URL to fetch pairlist from',
        help: 'http(s) URL or file:///path of a JSON document {"pairs": [...]}',
      },
      number_assets: numberAssets(30, 'At most this many pairs are kept.'),
      mode: {
        type: 'option',
        default: 'whitelist',
        options: ['whitelist', 'blacklist'],
        description: 'Pairlist mode',
        help: 'whitelist: keep the listed pairs; blacklist: remove them (not as the first pairlist).',
      },
      processing_mode: {
        type: 'option',
        default: 'filter',
        options: ['filter', 'append'],
        description: 'Processing mode',
        help: 'filter: keep incoming pairs that are listed; append: add the listed pairs after them.',
      },
      ...refreshPeriod(),
      keep_pairlist_on_failure: {
        type: 'boolean',
        default: true,
        description: 'Keep last pairlist on failure',
        help: 'When a refresh fails, keep the last list instead of an empty one.',
      },
      read_timeout: num(60, 'Read timeout', 'Seconds to wait for the remote document.'),
      bearer_token: {
        type: 'string',
        default: '',
        description: 'Bearer token',
        help: 'Sent as Authorization: Bearer <token>.',
      },
      save_to_file: {
        type: 'string',
        default: '',
        description: 'Filename to save processed pairlist to.',
        help: 'Writes the resulting pairs to this JSON file after each refresh.',
      },
    },
  },
  {
    name: 'ShuffleFilter',
    description: 'Shuffles the order of the pairs.',
    is_pairlist_generator: false,
    params: {
      shuffle_frequency: {
        type: 'option',
        default: 'candle',
        options: ['candle', 'iteration'],
        description: 'Shuffle frequency',
        help: 'Reshuffle once per candle or on every iteration.',
      },
      seed: num(null, 'Random Seed', 'Fixed seed for a reproducible order.'),
    },
  },
  {
    name: 'SpreadFilter',
    description: 'Drops pairs whose bid/ask spread is too wide.',
    is_pairlist_generator: false,
    params: { max_spread_ratio: num(0.005, 'Max spread ratio', 'Largest accepted 1 - bid/ask.') },
  },
  {
    name: 'StaticPairList',
    description: 'The pairs of exchange.pair_whitelist.',
    is_pairlist_generator: true,
    params: {
      allow_inactive: {
        type: 'boolean',
        default: false,
        description: 'Allow inactive pairs',
        help: 'Keep pairs the exchange marks inactive.',
      },
    },
  },
  {
    name: 'VolatilityFilter',
    description: 'Keeps pairs by the volatility of their daily returns.',
    is_pairlist_generator: false,
    params: {
      lookback_days: lookbackDays,
      min_volatility: num(0, 'Minimum Volatility', 'Pairs less volatile than this are dropped.'),
      max_volatility: num(null, 'Maximum Volatility', 'Pairs more volatile than this are dropped (unset: no maximum).'),
      sort_direction: sortDirection('volatility'),
      ...refreshPeriod(),
    },
  },
  {
    name: 'VolumePairList',
    description: 'Ranks pairs by quote volume: 24h tickers, or the sum over a candle lookback.',
    is_pairlist_generator: true,
    params: {
      number_assets: numberAssets(30),
      sort_key: {
        type: 'option',
        default: 'quoteVolume',
        options: ['quoteVolume'],
        description: 'Sort key',
        help: 'Ticker field to rank by.',
      },
      min_value: num(0, 'Minimum value', 'Pairs with less volume are dropped.'),
      max_value: num(null, 'Maximum value', 'Pairs with more volume are dropped (unset: no maximum).'),
      ...refreshPeriod(),
      lookback_days: num(0, 'Lookback Days', 'Rank by the volume of this many complete daily candles (0: tickers).'),
      lookback_timeframe: {
        type: 'string',
        default: '',
        description: 'Lookback Timeframe',
        help: 'Candle timeframe of lookback_period.',
      },
      lookback_period: num(0, 'Lookback Period', 'Rank by the volume of this many complete candles (0: tickers).'),
    },
  },
];
