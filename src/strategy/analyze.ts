// Running a strategy over candles, and keeping the latest analysed frame per pair in memory.

import type { Candle, CandleType } from '../exchange/port.ts';
import { StrategyError } from './errors.ts';
import { ensureColumn, ensureTagColumn, frameLength, SIGNAL_COLUMNS, TAG_COLUMNS } from './frame.ts';
import { applyInformative } from './informative.ts';
import { type Frame, frameFromCandles, type PairMeta, type Strategy } from './types.ts';

/**
 * frameFromCandles → populateIndicators → populateEntryTrend → populateExitTrend.
 * Afterwards the four signal columns (missing values 0) and the two tag columns
 * (missing values null) always exist. A strategy that drops or reorders candles, or
 * leaves a column of the wrong length, gets a StrategyError.
 */
export function analyze(strategy: Strategy, candles: readonly Candle[], meta: PairMeta): Frame {
  let frame = applyInformative(strategy.informative ?? [], frameFromCandles(candles as Candle[]), meta);
  for (const step of STEPS) frame = syncStep(strategy, step, strategy[step](frame, meta));
  return finish(strategy, frame, candles);
}

/** `analyze` for the bot and the backtest: populate methods may return a Promise (to await dp.ticker / orderbook). */
export async function analyzeAsync(strategy: Strategy, candles: readonly Candle[], meta: PairMeta): Promise<Frame> {
  return analyzeFrameAsync(strategy, frameFromCandles(candles as Candle[]), meta);
}

/** `analyzeAsync` from a frame of candle columns already built (the backtest keeps candles as columns). */
export async function analyzeFrameAsync(strategy: Strategy, base: Frame, meta: PairMeta): Promise<Frame> {
  const n = base.date.length;
  const last: Candle | undefined = n > 0 ? [base.date[n - 1], 0, 0, 0, base.close[n - 1], 0] : undefined;
  let frame = applyInformative(strategy.informative ?? [], base, meta);
  for (const step of STEPS) frame = await strategy[step](frame, meta);
  checkFrame(strategy.name, frame, n, last);
  fillSignalColumns(frame);
  return frame;
}

const STEPS = ['populateIndicators', 'populateEntryTrend', 'populateExitTrend'] as const;

function syncStep(strategy: Strategy, step: string, out: Frame | Promise<Frame>): Frame {
  if (typeof (out as Promise<Frame>)?.then === 'function') {
    throw new StrategyError(`${strategy.name}: ${step} is async, which only the bot and backtesting support.`);
  }
  return out as Frame;
}

function finish(strategy: Strategy, frame: Frame, candles: readonly Candle[]): Frame {
  checkFrame(strategy.name, frame, candles.length, candles[candles.length - 1]);
  fillSignalColumns(frame);
  return frame;
}

function checkFrame(strategy: string, frame: Frame | undefined, n: number, last: Candle | undefined): void {
  if (!frame || !Array.isArray(frame.date))
    throw new StrategyError(`${strategy}: a populate method returned no frame.`);
  const prefix = `${strategy} changed the frame:`;
  if (frameLength(frame) !== n) throw new StrategyError(`${prefix} ${frameLength(frame)} rows instead of ${n}.`);
  if (last && (frame.date[n - 1] !== last[0] || frame.close[n - 1] !== last[4])) {
    throw new StrategyError(`${prefix} the last candle's date or close differs.`);
  }
  for (const [name, column] of [...Object.entries(frame.columns), ...Object.entries(frame.tags)]) {
    if (column.length !== n) throw new StrategyError(`${prefix} column ${name} has ${column.length} rows, not ${n}.`);
  }
}

function fillSignalColumns(frame: Frame): void {
  const n = frameLength(frame);
  for (const name of SIGNAL_COLUMNS) {
    const column = ensureColumn(frame, name, 0);
    for (let i = 0; i < n; i++) if (column[i] === null || Number.isNaN(column[i])) column[i] = 0;
  }
  for (const name of TAG_COLUMNS) {
    const column = ensureTagColumn(frame, name);
    for (let i = 0; i < n; i++) if (column[i] === undefined) column[i] = null;
  }
}

export interface LastSignal {
  /** Open time (ms) of the candle the signal belongs to. */
  date: number;
  enter_long: number;
  exit_long: number;
  enter_short: number;
  exit_short: number;
  enter_tag: string | null;
  exit_tag: string | null;
}

/**
 * Signals of the last closed candle. Without options that is the last row (the data layer
 * hands strategies closed candles only). With { now, timeframeMs }, rows whose candle has
 * not closed by `now` are skipped. Undefined when there is no such row.
 */
export function lastSignal(frame: Frame, options?: { now: number; timeframeMs: number }): LastSignal | undefined {
  let i = frameLength(frame) - 1;
  if (options) while (i >= 0 && frame.date[i] + options.timeframeMs > options.now) i--;
  if (i < 0) return undefined;
  const signal = (name: string) => {
    const v = frame.columns[name]?.[i];
    return typeof v === 'number' && Number.isFinite(v) ? v : 0;
  };
  return {
    date: frame.date[i],
    enter_long: signal('enter_long'),
    exit_long: signal('exit_long'),
    enter_short: signal('enter_short'),
    exit_short: signal('exit_short'),
    enter_tag: frame.tags.enter_tag?.[i] ?? null,
    exit_tag: frame.tags.exit_tag?.[i] ?? null,
  };
}

export interface AnalyzedKey {
  pair: string;
  timeframe: string;
  candleType: CandleType;
}

/** The latest analysed frame of a pair, as the API, the websocket and producers read it. */
export interface AnalyzedPair extends Omit<AnalyzedKey, 'pair'> {
  frame: Frame;
  /** When the frame was analysed, epoch ms. */
  lastAnalyzed: number;
}

export interface AnalyzedEntry extends AnalyzedPair {
  pair: string;
}

/**
 * The latest analysed frame per (pair, timeframe, candle type), as freqtrade's data provider
 * caches it: read by /pair_candles and the websocket's analyzed_df.
 */
export class AnalyzedStore {
  private readonly entries = new Map<string, AnalyzedEntry>();

  private static key(pair: string, timeframe: string, candleType: CandleType): string {
    return JSON.stringify([pair, timeframe, candleType]);
  }

  get(pair: string, timeframe: string, candleType: CandleType): AnalyzedEntry | undefined {
    return this.entries.get(AnalyzedStore.key(pair, timeframe, candleType));
  }

  set(pair: string, timeframe: string, candleType: CandleType, frame: Frame, lastAnalyzed: number): void {
    this.entries.set(AnalyzedStore.key(pair, timeframe, candleType), {
      pair,
      timeframe,
      candleType,
      frame,
      lastAnalyzed,
    });
  }

  delete(pair: string, timeframe: string, candleType: CandleType): boolean {
    return this.entries.delete(AnalyzedStore.key(pair, timeframe, candleType));
  }

  clear(): void {
    this.entries.clear();
  }

  /** Keys held, sorted by pair, then timeframe, then candle type. */
  pairs(): AnalyzedKey[] {
    return [...this.entries.values()]
      .map(({ pair, timeframe, candleType }) => ({ pair, timeframe, candleType }))
      .sort((a, b) => cmp(a.pair, b.pair) || cmp(a.timeframe, b.timeframe) || cmp(a.candleType, b.candleType));
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
