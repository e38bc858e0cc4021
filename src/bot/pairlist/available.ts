// What /pairlists/available lists: each pairlist tickhub implements with freqtrade's description,
// generator flag and available_parameters (type, default, description, help; options for "option").

export type PairlistParameter =
  | { type: 'number'; default: number | null; description: string; help: string }
  | { type: 'string'; default: string | null; description: string; help: string }
  | { type: 'option'; default: string | null; options: string[]; description: string; help: string }
  | { type: 'boolean'; default: boolean | null; description: string; help: string }
  | { type: 'list'; default: string[] | null; description: string; help: string };

export interface PairlistInfo {
  name: string;
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
const refreshPeriod = (d = 1800) => ({ refresh_period: num(d, 'Refresh period', 'Refresh period in seconds') });
const sortDirection = (by: string): PairlistParameter => ({
  type: 'option',
  default: null,
  options: ['', 'asc', 'desc'],
  description: 'Sort pairlist',
  help: `Sort Pairlist ascending or descending by ${by}.`,
});
const lookbackDays = num(10, 'Lookback Days', 'Number of days to look back at.');
const numberAssets = (d: number, help = 'Number of assets to use from the pairlist') =>
  num(d, 'Number of assets', help);

export const AVAILABLE_PAIRLISTS: PairlistInfo[] = [
  {
    name: 'AgeFilter',
    description: 'Filter pairs by age (days listed).',
    is_pairlist_generator: false,
    params: {
      min_days_listed: num(
        10,
        'Minimum Days Listed',
        'Minimum number of days a pair must have been listed on the exchange.',
      ),
      max_days_listed: num(
        null,
        'Maximum Days Listed',
        'Maximum number of days a pair must have been listed on the exchange.',
      ),
    },
  },
  {
    name: 'FullTradesFilter',
    description: 'Shrink whitelist when trade slots are full.',
    is_pairlist_generator: false,
    params: {},
  },
  {
    name: 'MarketCapPairList',
    description: "Provides pair list based on CoinGecko's market cap rank.",
    is_pairlist_generator: true,
    params: {
      number_assets: numberAssets(30),
      max_rank: num(30, 'Max rank of assets', 'Maximum rank of assets to use from the pairlist'),
      categories: {
        type: 'list',
        default: [],
        description: 'Coin Categories',
        help: 'The Category of the coin e.g layer-1 default [] (https://www.coingecko.com/en/categories)',
      },
      ...refreshPeriod(86400),
    },
  },
  {
    name: 'OffsetFilter',
    description: 'Offset pair list filter.',
    is_pairlist_generator: false,
    params: {
      offset: num(0, 'Offset', 'Offset of the pairlist.'),
      number_assets: numberAssets(0, 'Number of assets to use from the pairlist, starting from offset.'),
    },
  },
  {
    name: 'PerformanceFilter',
    description: 'Filter pairs by performance.',
    is_pairlist_generator: false,
    params: {
      minutes: num(0, 'Minutes', 'Consider trades from the last X minutes. 0 means all trades.'),
      min_profit: num(null, 'Minimum profit', 'Minimum profit in percent. Pairs with less profit are removed.'),
    },
  },
  {
    name: 'PrecisionFilter',
    description: 'Filters low-value coins which would not allow setting stoplosses.',
    is_pairlist_generator: false,
    params: {},
  },
  {
    name: 'PriceFilter',
    description: 'Filter pairs by price.',
    is_pairlist_generator: false,
    params: {
      low_price_ratio: num(
        0,
        'Low price ratio',
        'Remove pairs where a price move of 1 price unit (pip) is above this ratio.',
      ),
      min_price: num(0, 'Minimum price', 'Remove pairs with a price below this value.'),
      max_price: num(0, 'Maximum price', 'Remove pairs with a price above this value.'),
      max_value: num(0, 'Maximum value', 'Remove pairs with a value (price * amount) above this value.'),
    },
  },
  {
    name: 'ProducerPairList',
    description: 'Get a pairlist from an upstream bot.',
    is_pairlist_generator: true,
    params: {
      number_assets: numberAssets(0),
      producer_name: {
        type: 'string',
        default: 'default',
        description: 'Producer name',
        help: 'Name of the producer to use. Requires additional external_message_consumer configuration.',
      },
    },
  },
  {
    name: 'RangeStabilityFilter',
    description: 'Filters pairs by their rate of change.',
    is_pairlist_generator: false,
    params: {
      lookback_days: lookbackDays,
      min_rate_of_change: num(0.01, 'Minimum Rate of Change', 'Minimum rate of change to filter pairs.'),
      max_rate_of_change: num(null, 'Maximum Rate of Change', 'Maximum rate of change to filter pairs.'),
      sort_direction: sortDirection('rate of change'),
      ...refreshPeriod(),
    },
  },
  {
    name: 'RemotePairList',
    description: 'Retrieve pairs from a remote API or local file.',
    is_pairlist_generator: true,
    params: {
      pairlist_url: {
        type: 'string',
        default: '',
        description: 'URL to fetch pairlist from',
        help: 'URL to fetch pairlist from',
      },
      number_assets: numberAssets(30, 'Number of assets to use from the pairlist.'),
      mode: {
        type: 'option',
        default: 'whitelist',
        options: ['whitelist', 'blacklist'],
        description: 'Pairlist mode',
        help: 'Should this pairlist operate as a whitelist or blacklist?',
      },
      processing_mode: {
        type: 'option',
        default: 'filter',
        options: ['filter', 'append'],
        description: 'Processing mode',
        help: 'Append pairs to incoming pairlist or filter them?',
      },
      ...refreshPeriod(),
      keep_pairlist_on_failure: {
        type: 'boolean',
        default: true,
        description: 'Keep last pairlist on failure',
        help: 'Keep last pairlist on failure',
      },
      read_timeout: num(60, 'Read timeout', 'Request timeout for remote pairlist'),
      bearer_token: {
        type: 'string',
        default: '',
        description: 'Bearer token',
        help: 'Bearer token - used for auth against the upstream service.',
      },
      save_to_file: {
        type: 'string',
        default: '',
        description: 'Filename to save processed pairlist to.',
        help: 'Specify a filename to save the processed pairlist in JSON format.',
      },
    },
  },
  {
    name: 'ShuffleFilter',
    description: 'Randomize pairlist order.',
    is_pairlist_generator: false,
    params: {
      shuffle_frequency: {
        type: 'option',
        default: 'candle',
        options: ['candle', 'iteration'],
        description: 'Shuffle frequency',
        help: "Shuffle frequency. Can be either 'candle' or 'iteration'.",
      },
      seed: num(null, 'Random Seed', 'Seed for random number generator. Not used in live mode.'),
    },
  },
  {
    name: 'SpreadFilter',
    description: 'Filter by bid/ask difference.',
    is_pairlist_generator: false,
    params: { max_spread_ratio: num(0.005, 'Max spread ratio', 'Max spread ratio for a pair to be considered.') },
  },
  {
    name: 'StaticPairList',
    description: 'Use pairlist as configured in config.',
    is_pairlist_generator: true,
    params: {
      allow_inactive: {
        type: 'boolean',
        default: false,
        description: 'Allow inactive pairs',
        help: 'Allow inactive pairs to be in the whitelist.',
      },
    },
  },
  {
    name: 'VolatilityFilter',
    description: 'Filter pairs by their recent volatility.',
    is_pairlist_generator: false,
    params: {
      lookback_days: lookbackDays,
      min_volatility: num(0, 'Minimum Volatility', 'Minimum volatility a pair must have to be considered.'),
      max_volatility: num(null, 'Maximum Volatility', 'Maximum volatility a pair must have to be considered.'),
      sort_direction: sortDirection('volatility'),
      ...refreshPeriod(),
    },
  },
  {
    name: 'VolumePairList',
    description: 'Provides dynamic pair list based on trade volumes.',
    is_pairlist_generator: true,
    params: {
      number_assets: numberAssets(30),
      sort_key: {
        type: 'option',
        default: 'quoteVolume',
        options: ['quoteVolume'],
        description: 'Sort key',
        help: 'Sort key to use for sorting the pairlist.',
      },
      min_value: num(0, 'Minimum value', 'Minimum value to use for filtering the pairlist.'),
      max_value: num(null, 'Maximum value', 'Maximum value to use for filtering the pairlist.'),
      ...refreshPeriod(),
    },
  },
];
