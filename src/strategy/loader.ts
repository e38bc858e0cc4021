// Strategy registry: built-in strategies merged with user strategies found through a StrategySource.

import { defaultSettings } from './base.ts';
import { BUILTIN_STRATEGIES } from './builtin/index.ts';
import { BUILTIN_SOURCES } from './builtin/sources.generated.ts';
import { InvalidStrategyNameError, StrategyError, StrategyNotFoundError } from './errors.ts';
import { loadParameters, type ParameterLoadResult } from './parameters.ts';
import type { Strategy } from './types.ts';

/**
 * Where user strategies come from (user_data/strategies on Node). Names are validated
 * before the source sees them.
 */
export interface StrategySource {
  /** Every strategy class the source offers, with the file it lives in. */
  list(): Promise<{ name: string; file: string }[]>;
  /** The full source text of the file that defines `name`. */
  readCode(name: string): Promise<string | undefined>;
  /** A fresh instance of `name`. */
  load(name: string): Promise<Strategy | undefined>;
  /** The text of the `<file>.json` parameter file next to the strategy's file, if there is one. */
  readParameterFile?(name: string): Promise<string | undefined>;
}

const STRATEGY_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isValidStrategyName(name: string): boolean {
  return STRATEGY_NAME.test(name);
}

export function assertValidStrategyName(name: string): void {
  if (typeof name !== 'string' || !isValidStrategyName(name)) throw new InvalidStrategyNameError(String(name));
}

export interface StrategyRegistryOptions {
  source?: StrategySource;
  builtins?: Readonly<Record<string, new () => Strategy>>;
  builtinSources?: Readonly<Record<string, { file: string; code: string }>>;
  /** Receives what parameter loading reports ("Strategy Parameter: buy_rsi = 30"). */
  onParameterMessage?: (level: 'info' | 'warning', text: string) => void;
}

/** User strategies shadow built-ins of the same name, as freqtrade searches user_data first. */
export class StrategyRegistry {
  private readonly source: StrategySource | undefined;
  private readonly builtins: Readonly<Record<string, new () => Strategy>>;
  private readonly builtinSources: Readonly<Record<string, { file: string; code: string }>>;
  private readonly onParameterMessage: StrategyRegistryOptions['onParameterMessage'];

  constructor(options: StrategyRegistryOptions = {}) {
    this.source = options.source;
    this.onParameterMessage = options.onParameterMessage;
    this.builtins = options.builtins ?? BUILTIN_STRATEGIES;
    this.builtinSources = options.builtinSources ?? BUILTIN_SOURCES;
  }

  /** Sorted, de-duplicated names of every loadable strategy. */
  async listStrategies(): Promise<string[]> {
    const user = this.source ? (await this.source.list()).map((s) => s.name) : [];
    const names = new Set([...Object.keys(this.builtins), ...user.filter(isValidStrategyName)]);
    return [...names].sort();
  }

  /** A fresh, validated instance; StrategyNotFoundError / InvalidStrategyNameError / StrategyError. */
  async loadStrategy(name: string): Promise<Strategy> {
    assertValidStrategyName(name);
    let strategy: Strategy | undefined;
    if (this.source) {
      try {
        strategy = await this.source.load(name);
      } catch (err) {
        throw new StrategyError(`Could not load strategy ${name}: ${(err as Error)?.message ?? err}`, { cause: err });
      }
    }
    if (!strategy && Object.hasOwn(this.builtins, name)) strategy = new this.builtins[name]();
    if (!strategy) throw new StrategyNotFoundError(name);
    const complete = completeStrategy(name, strategy);
    let loaded: ParameterLoadResult;
    try {
      const fileText = this.source?.readParameterFile ? await this.source.readParameterFile(name) : undefined;
      loaded = loadParameters(complete, fileText);
    } catch (err) {
      if (err instanceof StrategyError) throw err;
      throw new StrategyError(`Could not load parameters of ${name}: ${(err as Error)?.message ?? err}`, {
        cause: err,
      });
    }
    for (const m of loaded.messages) this.onParameterMessage?.(m.level, m.text);
    return complete;
  }

  /** The full source text of the strategy's file. */
  async strategyCode(name: string): Promise<string> {
    assertValidStrategyName(name);
    const user = this.source ? await this.source.readCode(name) : undefined;
    if (user !== undefined) return user;
    if (Object.hasOwn(this.builtinSources, name)) return this.builtinSources[name].code;
    throw new StrategyNotFoundError(name);
  }
}

/**
 * Fills settings a plain (non-BaseStrategy) class left out with freqtrade's defaults and
 * checks what freqtrade requires: a timeframe, a stoploss and the three populate methods.
 */
export function completeStrategy(name: string, strategy: Strategy): Strategy {
  const target = strategy as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(defaultSettings())) {
    if (target[key] === undefined) target[key] = value;
  }
  // The registry name wins (e.g. `export const A = class B …` or a minified class name).
  if (strategy.name !== name) Object.defineProperty(strategy, 'name', { value: name, enumerable: false });
  const problems: string[] = [];
  if (typeof strategy.timeframe !== 'string' || strategy.timeframe === '') problems.push('timeframe is missing');
  if (typeof strategy.stoploss !== 'number' || !Number.isFinite(strategy.stoploss)) {
    problems.push('stoploss is missing or not a number');
  } else if (strategy.stoploss > 0) {
    problems.push('stoploss must be negative (a ratio, e.g. -0.10)');
  }
  for (const method of ['populateIndicators', 'populateEntryTrend', 'populateExitTrend'] as const) {
    if (typeof strategy[method] !== 'function') problems.push(`${method} is not a method`);
  }
  if (strategy.streaming !== undefined) {
    if (typeof strategy.streaming?.start !== 'function') problems.push('streaming has no start(meta) method');
    if (typeof strategy.streaming?.mirrors !== 'object') problems.push('streaming.mirrors is missing');
  }
  if (problems.length > 0) throw new StrategyError(`Strategy ${name} is invalid: ${problems.join('; ')}.`);
  return strategy;
}
