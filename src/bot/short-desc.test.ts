// freqtrade 2024.10's short_desc() texts, written out by hand from its pairlist and protection
// classes (their f-strings with the defaults of their __init__).
import { describe, expect, it } from 'vitest';
import type { Config } from '../config/schema.ts';
import { pairlistShortDesc, protectionShortDesc } from './short-desc.ts';

const pairlists = (...list: Record<string, unknown>[]) => pairlistShortDesc({ pairlists: list } as unknown as Config);

describe('pairlist short_desc', () => {
  it('prints PairListManager.short_desc(): a Python list of {name: text}', () => {
    expect(pairlists({ method: 'StaticPairList' })).toBe("[{'StaticPairList': 'StaticPairList'}]");
    expect(
      pairlists(
        { method: 'VolumePairList', number_assets: 20 },
        { method: 'AgeFilter', min_days_listed: 1 },
        { method: 'AgeFilter', max_days_listed: 30 },
        { method: 'OffsetFilter', offset: 4 },
        { method: 'OffsetFilter', offset: 4, number_assets: 10 },
      ),
    ).toBe(
      "[{'VolumePairList': 'VolumePairList - top 20 volume pairs.'}, " +
        "{'AgeFilter': 'AgeFilter - Filtering pairs with age less than 1 day'}, " +
        "{'AgeFilter': \"AgeFilter - Filtering pairs with age less than 10 days or more than {self._max_days_listed} {plural(self._max_days_listed, 'day')}\"}, " +
        "{'OffsetFilter': 'OffsetFilter - Offsetting pairs by 4.'}, " +
        "{'OffsetFilter': 'OffsetFilter - Taking 10 Pairs, starting from 4.'}]",
    );
  });

  it('each filter with its defaults and its parameters', () => {
    const one = (p: Record<string, unknown>) => pairlists(p).replace(/^\[\{'\w+': '(.*)'\}\]$/, '$1');
    expect(one({ method: 'PriceFilter' })).toBe('PriceFilter - No price filters configured.');
    expect(one({ method: 'PriceFilter', low_price_ratio: 0.01, min_price: 0.0001, max_value: 5 })).toBe(
      'PriceFilter - Filtering pairs priced below 1.0% or below 0.00010000 or Value above 5.00000000.',
    );
    expect(one({ method: 'SpreadFilter' })).toBe('SpreadFilter - Filtering pairs with ask/bid diff above 0.50%.');
    expect(one({ method: 'RangeStabilityFilter', lookback_days: 3, max_rate_of_change: 0.5 })).toBe(
      'RangeStabilityFilter - Filtering pairs with rate of change below 0.01 and above 0.5 over the last days.',
    );
    expect(one({ method: 'VolatilityFilter' })).toBe(
      'VolatilityFilter - Filtering pairs with volatility range 0-9223372036854775807  the last 10 days.',
    );
    expect(one({ method: 'VolatilityFilter', lookback_days: 1, min_volatility: 0.05, max_volatility: 0.5 })).toBe(
      'VolatilityFilter - Filtering pairs with volatility range 0.05-0.5  the last 1 day.',
    );
    expect(one({ method: 'ShuffleFilter', seed: 42 })).toBe('ShuffleFilter - Shuffling pairs every candle.');
    expect(one({ method: 'MarketCapPairList', number_assets: 5 })).toBe(
      'MarketCapPairList - 5 pairs placed within top 30 market cap.',
    );
    expect(one({ method: 'RemotePairList', number_assets: 7 })).toBe('RemotePairList - 7 pairs from RemotePairlist.');
    expect(one({ method: 'ProducerPairList' })).toBe('ProducerPairList - default');
    expect(one({ method: 'PerformanceFilter' })).toBe('PerformanceFilter - Sorting pairs by performance.');
    expect(one({ method: 'PrecisionFilter' })).toBe('PrecisionFilter - Filtering untradable pairs.');
    expect(one({ method: 'FullTradesFilter' })).toBe('FullTradesFilter - Shrink whitelist when trade slots are full.');
  });
});

describe('protection short_desc', () => {
  it('in minutes (defaults 60) or candles, singular or plural', () => {
    expect(protectionShortDesc({ method: 'CooldownPeriod' })).toBe('CooldownPeriod - Cooldown period for 60 minutes.');
    expect(protectionShortDesc({ method: 'CooldownPeriod', stop_duration_candles: 1 })).toBe(
      'CooldownPeriod - Cooldown period for 1 candle.',
    );
    expect(protectionShortDesc({ method: 'StoplossGuard' })).toBe(
      'StoplossGuard - Frequent Stoploss Guard, 10 stoplosses with profit < 0.00% within 60 minutes.',
    );
    expect(protectionShortDesc({ method: 'MaxDrawdown', lookback_period: 1 })).toBe(
      'MaxDrawdown - Max drawdown protection, stop trading if drawdown is > 0.0 within 1 minute.',
    );
    expect(protectionShortDesc({ method: 'LowProfitPairs', required_profit: 0.02, lookback_period_candles: 6 })).toBe(
      'LowProfitPairs - Low Profit Protection, locks pairs with profit < 0.02 within 6 candles.',
    );
  });
});
