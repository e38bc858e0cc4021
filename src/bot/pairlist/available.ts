// What GET /pairlists/available tells FreqUI's pairlist editor: each pairlist handler tickhub
// runs, whether it generates pairs, and the parameters tickhub honours (names, types and defaults
// as in freqtrade, so a config built in FreqUI works on both).

import type { PAIRLIST_METHODS } from '../../config/schema.ts';

export interface PairlistParameter {
  type: 'string' | 'number' | 'boolean' | 'option' | 'list';
  default: string | number | boolean | null;
  description: string;
  help: string;
  options?: string[];
}

export interface PairlistDescription {
  name: (typeof PAIRLIST_METHODS)[number];
  description: string;
  is_pairlist_generator: boolean;
  params: Record<string, PairlistParameter>;
}

const numberOfAssets = (dflt: number, help: string): PairlistParameter => ({
  type: 'number',
  default: dflt,
  description: 'Number of assets',
  help,
});

export const AVAILABLE_PAIRLISTS: readonly PairlistDescription[] = [
  {
    name: 'OffsetFilter',
    description: 'Offset pair list filter.',
    is_pairlist_generator: false,
    params: {
      offset: { type: 'number', default: 0, description: 'Offset', help: 'Pairs skipped at the start of the list.' },
      number_assets: numberOfAssets(0, 'Pairs kept after the offset (0: all).'),
    },
  },
  {
    name: 'PriceFilter',
    description: 'Filter pairs by price.',
    is_pairlist_generator: false,
    params: {
      low_price_ratio: {
        type: 'number',
        default: 0,
        description: 'Low price ratio',
        help: 'Drops pairs where one price step is a larger share of the price than this ratio.',
      },
      min_price: { type: 'number', default: 0, description: 'Minimum price', help: 'Drops pairs priced below this.' },
      max_price: { type: 'number', default: 0, description: 'Maximum price', help: 'Drops pairs priced above this.' },
    },
  },
  {
    name: 'ProducerPairList',
    description: 'Get a pairlist from an upstream bot.',
    is_pairlist_generator: true,
    params: {
      number_assets: numberOfAssets(0, 'Pairs taken from the producer (0: all).'),
      producer_name: {
        type: 'string',
        default: 'default',
        description: 'Producer name',
        help: 'Which producer of external_message_consumer to follow.',
      },
    },
  },
  {
    name: 'ShuffleFilter',
    description: 'Randomize pairlist order.',
    is_pairlist_generator: false,
    params: {
      seed: {
        type: 'number',
        default: null,
        description: 'Random Seed',
        help: 'Seed of the shuffle (default: the day).',
      },
    },
  },
  {
    name: 'SpreadFilter',
    description: 'Filter by bid/ask difference.',
    is_pairlist_generator: false,
    params: {
      max_spread_ratio: {
        type: 'number',
        default: 0.005,
        description: 'Max spread ratio',
        help: 'Drops pairs whose 1 - bid/ask is above this.',
      },
    },
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
        help: 'Keeps pairs the exchange lists as inactive.',
      },
    },
  },
  {
    name: 'VolumePairList',
    description: 'Provides dynamic pair list based on trade volumes.',
    is_pairlist_generator: true,
    params: {
      number_assets: numberOfAssets(30, 'Pairs kept, highest quote volume first.'),
      min_value: { type: 'number', default: 0, description: 'Minimum value', help: 'Drops pairs below this volume.' },
    },
  },
];
