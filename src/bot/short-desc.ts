// freqtrade's short_desc() of each pairlist handler and protection, as its startup messages print
// them ("Searching for … based on [{'VolumePairList': 'VolumePairList - top 20 volume pairs.'}]",
// "Using Protections: …"). The texts are freqtrade 2024.10's, slips included (AgeFilter's
// max_days_listed part is not an f-string there; RangeStabilityFilter prints no day count).

import type { Config } from '../config/schema.ts';
import { pyRepr } from '../domain/python-repr.ts';

type Settings = Record<string, unknown>;

/** freqtrade's misc.plural. */
const plural = (n: number, singular: string, pluralForm?: string) =>
  n === 1 || n === -1 ? singular : (pluralForm ?? `${singular}s`);

/** Python's str() of a config value inside an f-string. */
const str = (v: unknown) => (typeof v === 'string' ? v : pyRepr(v));
const num = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback);
const percent = (v: number, digits: number) => `${(v * 100).toFixed(digits)}%`;

function priceFilter(p: Settings): string {
  const active: string[] = [];
  const low = num(p.low_price_ratio, 0);
  const min = num(p.min_price, 0);
  const max = num(p.max_price, 0);
  const maxValue = num(p.max_value, 0);
  if (low !== 0) active.push(`below ${percent(low, 1)}`);
  if (min !== 0) active.push(`below ${min.toFixed(8)}`);
  if (max !== 0) active.push(`above ${max.toFixed(8)}`);
  if (maxValue !== 0) active.push(`Value above ${maxValue.toFixed(8)}`);
  return active.length > 0
    ? `PriceFilter - Filtering pairs priced ${active.join(' or ')}.`
    : 'PriceFilter - No price filters configured.';
}

const PAIRLIST_DESCRIPTIONS: Record<string, (p: Settings) => string> = {
  StaticPairList: () => 'StaticPairList',
  VolumePairList: (p) => `VolumePairList - top ${str(p.number_assets)} volume pairs.`,
  ProducerPairList: (p) => `ProducerPairList - ${str(p.producer_name ?? 'default')}`,
  RemotePairList: (p) => `RemotePairList - ${str(p.number_assets)} pairs from RemotePairlist.`,
  MarketCapPairList: (p) =>
    `MarketCapPairList - ${str(p.number_assets)} pairs placed within top ${str(p.max_rank ?? 30)} market cap.`,
  AgeFilter: (p) => {
    const min = num(p.min_days_listed, 10);
    const tail = p.max_days_listed
      ? " or more than {self._max_days_listed} {plural(self._max_days_listed, 'day')}"
      : '';
    return `AgeFilter - Filtering pairs with age less than ${str(min)} ${plural(min, 'day')}${tail}`;
  },
  FullTradesFilter: () => 'FullTradesFilter - Shrink whitelist when trade slots are full.',
  OffsetFilter: (p) =>
    p.number_assets
      ? `OffsetFilter - Taking ${str(p.number_assets)} Pairs, starting from ${str(p.offset ?? 0)}.`
      : `OffsetFilter - Offsetting pairs by ${str(p.offset ?? 0)}.`,
  PerformanceFilter: () => 'PerformanceFilter - Sorting pairs by performance.',
  PrecisionFilter: () => 'PrecisionFilter - Filtering untradable pairs.',
  PriceFilter: priceFilter,
  RangeStabilityFilter: (p) => {
    const max = p.max_rate_of_change ? ` and above ${str(p.max_rate_of_change)}` : '';
    const days = num(p.lookback_days, 10);
    return (
      `RangeStabilityFilter - Filtering pairs with rate of change below ${str(p.min_rate_of_change ?? 0.01)}` +
      `${max} over the last ${plural(days, 'day')}.`
    );
  },
  // A live or dry-run bot never applies the seed (freqtrade: "Live mode detected, not applying seed.").
  ShuffleFilter: (p) => `ShuffleFilter - Shuffling pairs every ${str(p.shuffle_frequency ?? 'candle')}.`,
  SpreadFilter: (p) =>
    `SpreadFilter - Filtering pairs with ask/bid diff above ${percent(num(p.max_spread_ratio, 0.005), 2)}.`,
  VolatilityFilter: (p) => {
    const days = num(p.lookback_days, 10);
    return (
      `VolatilityFilter - Filtering pairs with volatility range ${str(p.min_volatility ?? 0)}-` +
      `${p.max_volatility === undefined ? '9223372036854775807' : str(p.max_volatility)}  the last ${str(days)} ${plural(days, 'day')}.`
    );
  },
};

/** PairListManager.short_desc(): one {name: description} per handler, as Python prints the list. */
export function pairlistShortDesc(config: Config): string {
  const entries = config.pairlists.map((p) => {
    const describe = PAIRLIST_DESCRIPTIONS[p.method];
    return `{${pyRepr(p.method)}: ${pyRepr(describe ? describe(p as Settings) : p.method)}}`;
  });
  return `[${entries.join(', ')}]`;
}

type Protection = Config['protections'][number];

/** IProtection's stop_duration_str / lookback_period_str: in candles when configured so, else minutes. */
function periodText(candles: number | undefined, minutes: number | undefined): string {
  if (candles) return `${candles} ${plural(candles, 'candle', 'candles')}`;
  const m = Math.trunc(minutes ?? 60);
  return `${m} ${plural(m, 'minute', 'minutes')}`;
}

/** A protection's short_desc(). */
export function protectionShortDesc(p: Protection): string {
  const lookback = periodText(p.lookback_period_candles, p.lookback_period);
  switch (p.method) {
    case 'CooldownPeriod':
      return `CooldownPeriod - Cooldown period for ${periodText(p.stop_duration_candles, p.stop_duration)}.`;
    case 'StoplossGuard':
      return (
        `StoplossGuard - Frequent Stoploss Guard, ${str(p.trade_limit ?? 10)} stoplosses ` +
        `with profit < ${percent(num(p.required_profit, 0), 2)} within ${lookback}.`
      );
    case 'MaxDrawdown':
      return (
        'MaxDrawdown - Max drawdown protection, stop trading if drawdown is > ' +
        `${p.max_allowed_drawdown === undefined ? '0.0' : str(p.max_allowed_drawdown)} within ${lookback}.`
      );
    case 'LowProfitPairs':
      return (
        'LowProfitPairs - Low Profit Protection, locks pairs with ' +
        `profit < ${p.required_profit === undefined ? '0.0' : str(p.required_profit)} within ${lookback}.`
      );
  }
}
