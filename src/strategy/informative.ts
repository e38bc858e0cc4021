// Informative pairs and timeframes (freqtrade's informative_pairs(), @informative and
// merge_informative_pair): another pair's or timeframe's candles merged into the main frame, each
// informative candle visible only from the main row whose candle closes when it closes.

import { timeframeToMs } from '../exchange/port.ts';
import { columnNames, getColumn } from './frame.ts';
import type { Frame, PairMeta } from './types.ts';

/** One @informative-decorated populate method, declared as data. */
export interface InformativeSpec {
  timeframe: string;
  /** Another pair ('BTC/USDT', or '{base}/{stake}' style formats); empty = the analysed pair. */
  asset?: string;
  /** Column name format; default '{column}_{timeframe}', with '{base}_{quote}_' in front when asset is set. */
  fmt?: string;
  /** Forward-fill after merging (freqtrade default true). */
  ffill?: boolean;
  populate(frame: Frame, meta: PairMeta): Frame;
}

function pairParts(pair: string): { base: string; quote: string } {
  const [base = '', rest = ''] = pair.split('/');
  return { base, quote: rest.split(':')[0] };
}

function formatArgs(pair: string): Record<string, string> {
  const { base, quote } = pairParts(pair);
  return { base: base.toLowerCase(), BASE: base.toUpperCase(), quote: quote.toLowerCase(), QUOTE: quote.toUpperCase() };
}

function fill(template: string, args: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => args[name] ?? whole);
}

/** freqtrade's _format_pair_name: stake / base / quote placeholders, then upper case. */
export function informativeAsset(spec: InformativeSpec, pair: string, stakeCurrency: string): string {
  if (!spec.asset) return pair;
  return fill(spec.asset, { stake: stakeCurrency, stake_currency: stakeCurrency, ...formatArgs(pair) }).toUpperCase();
}

export function informativeColumnName(spec: InformativeSpec, asset: string, column: string): string {
  const fmt = spec.fmt ?? (spec.asset ? '{base}_{quote}_{column}_{timeframe}' : '{column}_{timeframe}');
  return fill(fmt, { ...formatArgs(asset), asset, column, timeframe: spec.timeframe });
}

/**
 * freqtrade's merge_informative_pair: informative row k is joined to the main row whose date is
 * date_k + informative duration − main duration (the main candle that closes when it closes),
 * then optionally forward-filled. `rename` maps each informative column (date included) to its name.
 */
export function mergeInformative(
  frame: Frame,
  informative: Frame,
  timeframe: string,
  timeframeInf: string,
  options: { ffill?: boolean; rename?: (column: string) => string } = {},
): Frame {
  const ms = timeframeToMs(timeframe);
  const msInf = timeframeToMs(timeframeInf);
  if (msInf < ms) {
    throw new RangeError(
      'Tried to merge a faster timeframe to a slower timeframe.This would create new rows, and can throw off your regular indicators.',
    );
  }
  const rename = options.rename ?? ((column: string) => `${column}_${timeframeInf}`);
  const rowOf = new Map<number, number>();
  for (let i = 0; i < frame.date.length; i++) rowOf.set(frame.date[i], i);
  const n = frame.date.length;
  const source: (number | undefined)[] = new Array(n).fill(undefined);
  for (let k = 0; k < informative.date.length; k++) {
    const row = rowOf.get(informative.date[k] + msInf - ms);
    if (row !== undefined) source[row] = k;
  }
  const ffill = options.ffill ?? true;
  for (const column of columnNames(informative)) {
    const name = rename(column);
    if (getColumn(frame, name) !== undefined)
      throw new Error(`Duplicate column name ${name} exists in dataframe! Ensure column names are unique!`);
    const values = getColumn(informative, column) ?? [];
    const merged: (number | string | null)[] = new Array(n);
    let last: number | string | null = null;
    for (let i = 0; i < n; i++) {
      const k = source[i];
      const v = k === undefined ? null : (values[k] ?? null);
      if (v !== null) last = v;
      merged[i] = ffill ? last : v;
    }
    if (column in informative.tags) frame.tags[name] = merged as (string | null)[];
    else frame.columns[name] = merged as (number | null)[];
  }
  return frame;
}

/** Runs each informative spec on its candles (from meta.dp) and merges the result into the frame. */
export function applyInformative(specs: readonly InformativeSpec[], frame: Frame, meta: PairMeta): Frame {
  if (specs.length === 0) return frame;
  const dp = meta.dp;
  if (!dp) throw new Error('Informative timeframes need the data provider.');
  let merged = frame;
  for (const spec of specs) {
    const asset = informativeAsset(spec, meta.pair, meta.stakeCurrency ?? '');
    let inf = dp.getPairDataframe(asset, spec.timeframe);
    inf = spec.populate(inf, { pair: asset, timeframe: spec.timeframe, dp, stakeCurrency: meta.stakeCurrency });
    merged = mergeInformative(merged, inf, meta.timeframe, spec.timeframe, {
      ffill: spec.ffill,
      rename: (column) => informativeColumnName(spec, asset, column),
    });
  }
  return merged;
}

export interface InformativeKey {
  pair: string;
  timeframe: string;
  candleType?: string;
}

/** Every informative candle set the bot must fetch (freqtrade's gather_informative_pairs), deduplicated. */
export function informativeKeys(
  strategy: { informativePairs?(): ([string, string] | [string, string, string])[]; informative?: InformativeSpec[] },
  whitelist: readonly string[],
  stakeCurrency: string,
): InformativeKey[] {
  const keys = new Map<string, InformativeKey>();
  const add = (key: InformativeKey) => keys.set(JSON.stringify([key.pair, key.timeframe, key.candleType]), key);
  for (const [pair, timeframe, candleType] of strategy.informativePairs?.() ?? []) add({ pair, timeframe, candleType });
  for (const spec of strategy.informative ?? []) {
    for (const pair of whitelist) add({ pair: informativeAsset(spec, pair, stakeCurrency), timeframe: spec.timeframe });
  }
  return [...keys.values()];
}
