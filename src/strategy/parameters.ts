// freqtrade's hyperoptable strategy parameters (IntParameter, RealParameter, DecimalParameter,
// CategoricalParameter, BooleanParameter) and their loading from a `<Strategy>.json` parameter file
// next to the strategy, with freqtrade's precedence: file > the strategy's buy_params/sell_params/
// protection_params > the parameter's default. tickhub has no hyperopt: parameters only carry values.

import { StrategyError } from './errors.ts';
import type { Strategy } from './types.ts';

export interface ParameterOptions<T> {
  default: T;
  /** buy, sell or protection; optional when the field name starts with `buy_` / `sell_` / `protection_`. */
  space?: string | null;
  optimize?: boolean;
  load?: boolean;
}

export type ParamType =
  | 'IntParameter'
  | 'RealParameter'
  | 'DecimalParameter'
  | 'CategoricalParameter'
  | 'BooleanParameter';

export abstract class BaseParameter<T = unknown> {
  abstract readonly paramType: ParamType;
  category: string | null;
  readonly default: T;
  value: T;
  optimize: boolean;
  load: boolean;
  constructor(opts: ParameterOptions<T>) {
    this.category = opts.space ?? null;
    this.default = opts.default;
    this.value = opts.default;
    this.optimize = opts.optimize ?? true;
    this.load = opts.load ?? true;
  }
}

type Range = number | [number, number];

function bounds(kind: string, low: Range, high: number | undefined): [number, number] {
  if (Array.isArray(low)) {
    if (high !== undefined) throw new StrategyError(`${kind} space invalid.`);
    if (low.length !== 2) throw new StrategyError(`${kind} space must be [low, high]`);
    return [low[0], low[1]];
  }
  if (high === undefined) throw new StrategyError(`${kind} space must be [low, high]`);
  return [low, high];
}

/** `(low, high, options)` or `([low, high], options)`, as freqtrade's numeric parameters. */
function split<O>(highOrOpts: number | O, maybeOpts?: O): [number | undefined, O] {
  return typeof highOrOpts === 'number' ? [highOrOpts, maybeOpts as O] : [undefined, highOrOpts];
}

abstract class NumericParameter extends BaseParameter<number> {
  readonly low: number;
  readonly high: number;
  constructor(kind: string, low: Range, high: number | undefined, opts: ParameterOptions<number>) {
    super(opts);
    [this.low, this.high] = bounds(kind, low, high);
  }
}

export class IntParameter extends NumericParameter {
  readonly paramType = 'IntParameter';
  constructor(low: Range, highOrOpts: number | ParameterOptions<number>, opts?: ParameterOptions<number>) {
    const [high, o] = split(highOrOpts, opts);
    super('IntParameter', low, high, o);
  }
}

export class RealParameter extends NumericParameter {
  readonly paramType = 'RealParameter';
  constructor(low: Range, highOrOpts: number | ParameterOptions<number>, opts?: ParameterOptions<number>) {
    const [high, o] = split(highOrOpts, opts);
    super('RealParameter', low, high, o);
  }
}

export interface DecimalOptions extends ParameterOptions<number> {
  /** Decimals kept (default 3); the default value is rounded to them. */
  decimals?: number;
}

export class DecimalParameter extends NumericParameter {
  readonly paramType = 'DecimalParameter';
  readonly decimals: number;
  constructor(low: Range, highOrOpts: number | DecimalOptions, opts?: DecimalOptions) {
    const [high, o] = split(highOrOpts, opts);
    const decimals = o.decimals ?? 3;
    super('DecimalParameter', low, high, { ...o, default: roundTo(o.default, decimals) });
    this.decimals = decimals;
  }
}

/** Python's round(x, n) for the values strategies use (half-even is irrelevant at these sizes). */
function roundTo(x: number, decimals: number): number {
  return Number(x.toFixed(decimals));
}

export class CategoricalParameter<T = unknown> extends BaseParameter<T> {
  readonly paramType: ParamType = 'CategoricalParameter';
  readonly optRange: readonly T[];
  constructor(categories: readonly T[], opts: Partial<ParameterOptions<T>> = {}) {
    if (!Array.isArray(categories) || categories.length < 2)
      throw new StrategyError('CategoricalParameter space must be [a, b, ...] (at least two parameters)');
    // freqtrade documents "the first category when no default is given".
    super({ ...opts, default: (opts.default === undefined ? categories[0] : opts.default) as T });
    this.optRange = categories;
  }
}

export class BooleanParameter extends CategoricalParameter<boolean> {
  override readonly paramType: ParamType = 'BooleanParameter';
  constructor(opts: Partial<ParameterOptions<boolean>> = {}) {
    super([true, false], opts);
  }
}

export const SPACES = ['buy', 'sell', 'protection'] as const;

/** A strategy's parameters of one space, sorted by field name (freqtrade walks dir()). */
export function detectParameters(strategy: object, space: string): [string, BaseParameter][] {
  const out: [string, BaseParameter][] = [];
  const names = new Set<string>();
  for (let o: object | null = strategy; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const n of Object.getOwnPropertyNames(o)) names.add(n);
  }
  for (const name of [...names].sort()) {
    if (name.startsWith('__')) continue;
    const desc = findDescriptor(strategy, name);
    const attr = desc && 'value' in desc ? desc.value : undefined;
    if (!(attr instanceof BaseParameter)) continue;
    if (name.startsWith(`${space}_`) && attr.category !== null && attr.category !== space)
      throw new StrategyError(`Inconclusive parameter name ${name}, category: ${attr.category}.`);
    if (attr.category === space || (name.startsWith(`${space}_`) && attr.category === null)) out.push([name, attr]);
  }
  return out;
}

function findDescriptor(obj: object, name: string): PropertyDescriptor | undefined {
  for (let o: object | null = obj; o; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, name);
    if (d) return d;
  }
  return undefined;
}

/** One parameter as `/strategy/{name}` reports it (API 2.47; FreqUI's AllStrategyParameter). */
export interface ParameterJson {
  param_type: ParamType;
  name: string;
  space: string;
  load: boolean;
  optimize: boolean;
  value: unknown;
  low?: number;
  high?: number;
  decimals?: number;
  opt_range?: unknown[];
}

export function parameterJson(name: string, p: BaseParameter, space = p.category ?? ''): ParameterJson {
  const base = { param_type: p.paramType, name, space, load: p.load, optimize: p.optimize };
  if (p instanceof DecimalParameter) return { ...base, value: p.value, low: p.low, high: p.high, decimals: p.decimals };
  if (p instanceof NumericParameter) return { ...base, value: p.value, low: p.low, high: p.high };
  if (p instanceof CategoricalParameter) return { ...base, value: p.value, opt_range: [...p.optRange] };
  return { ...base, value: p.value };
}

interface ParamFile {
  strategy_name?: unknown;
  params?: Record<string, Record<string, unknown> | undefined>;
}

export interface ParameterLoadResult {
  /** Where each value came from, for the log ("Strategy Parameter: x = 3"). */
  messages: { level: 'info' | 'warning'; text: string }[];
  params: ParameterJson[];
}

/**
 * Applies a parameter file (its text, or undefined when there is none) to a fresh strategy:
 * roi / stoploss / trailing / max_open_trades, then every buy / sell / protection parameter.
 * A file written for another strategy is refused ("Invalid parameter file provided."); a file
 * that is not JSON is ignored with a warning, as freqtrade does.
 */
export function loadParameters(strategy: Strategy, fileText: string | undefined): ParameterLoadResult {
  const messages: ParameterLoadResult['messages'] = [];
  let fromFile: NonNullable<ParamFile['params']> = {};
  if (fileText !== undefined) {
    let parsed: ParamFile | undefined;
    try {
      parsed = JSON.parse(fileText) as ParamFile;
    } catch {
      messages.push({ level: 'warning', text: 'Invalid parameter file format.' });
    }
    if (parsed) {
      if (parsed.strategy_name !== strategy.name) throw new StrategyError('Invalid parameter file provided.');
      fromFile = parsed.params && typeof parsed.params === 'object' ? parsed.params : {};
      applyFileSettings(strategy, fromFile);
    }
  }
  const target = strategy as unknown as Record<string, unknown>;
  for (const space of SPACES) {
    const declared = target[`${space}_params`];
    const values = { ...(isRecord(declared) ? declared : {}), ...(fromFile[space] ?? {}) };
    const found = detectParameters(strategy, space);
    if (Object.keys(values).length === 0 && found.length > 0)
      messages.push({ level: 'info', text: `No params for ${space} found, using default values.` });
    for (const [name, attr] of found) {
      if (attr.category === null) attr.category = space;
      if (Object.hasOwn(values, name)) {
        if (attr.load) {
          attr.value = values[name];
          messages.push({ level: 'info', text: `Strategy Parameter: ${name} = ${String(attr.value)}` });
        } else {
          messages.push({
            level: 'warning',
            text: `Parameter "${name}" exists, but is disabled. Default value "${String(attr.value)}" used.`,
          });
        }
      } else {
        messages.push({ level: 'info', text: `Strategy Parameter(default): ${name} = ${String(attr.value)}` });
      }
    }
  }
  return { messages, params: describeParameters(strategy) };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** freqtrade's ft_load_params_from_file: settings a hyperopt run wrote next to the parameters. */
function applyFileSettings(strategy: Strategy, params: NonNullable<ParamFile['params']>): void {
  const s = strategy as unknown as Record<string, unknown>;
  if (isRecord(params.roi)) s.minimal_roi = params.roi;
  if (isRecord(params.stoploss) && typeof params.stoploss.stoploss === 'number') s.stoploss = params.stoploss.stoploss;
  if (isRecord(params.max_open_trades) && typeof params.max_open_trades.max_open_trades === 'number')
    s.max_open_trades = params.max_open_trades.max_open_trades;
  if (isRecord(params.trailing)) {
    for (const key of [
      'trailing_stop',
      'trailing_stop_positive',
      'trailing_stop_positive_offset',
      'trailing_only_offset_is_reached',
    ]) {
      if (Object.hasOwn(params.trailing, key)) s[key] = params.trailing[key];
    }
  }
}

/** The strategy's parameters with their current values, buy then sell then protection. */
export function describeParameters(strategy: Strategy): ParameterJson[] {
  const out: ParameterJson[] = [];
  for (const space of SPACES) {
    for (const [name, attr] of detectParameters(strategy, space)) {
      out.push(parameterJson(name, attr, attr.category ?? space));
    }
  }
  return out;
}
