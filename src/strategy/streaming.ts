// Opt-in incremental analysis: a strategy that can extend a pair's analysed frame row by row lets the
// bot keep that frame between ticks and compute only the new (or replaced) candles' rows, instead of
// rebuilding every column over the whole window each tick. Anything unexpected means a full recompute.

import type { Candle } from '../exchange/port.ts';
import { OHLCV_COLUMNS, SIGNAL_COLUMNS, TAG_COLUMNS } from './frame.ts';
import { type Frame, frameFromCandles, type PairMeta, type Strategy } from './types.ts';

/** One pair's running analysis: its indicators' state, kept between ticks. */
export interface StreamingPair {
  /** The indicator and signal columns it fills, in the order the strategy's full analysis creates them. */
  readonly columns: readonly string[];
  /**
   * Fills row `i` of its columns (and the tags) from the candle in row i; rows before i hold this
   * pair's earlier results, and row i starts out empty (null indicators, 0 signals, null tags).
   * `replace` is true when row i was computed before from a candle that has since changed (the
   * forming candle): the indicators must replace their last input, not add one. Returns false when
   * it cannot do that; the pair is then recomputed in full.
   */
  row(frame: Frame, i: number, replace: boolean): boolean;
}

export type PopulateMethods = Pick<Strategy, 'populateIndicators' | 'populateEntryTrend' | 'populateExitTrend'>;

/** A strategy's opt-in (`streaming` on the strategy): gives each pair a fresh running analysis. */
export interface StreamingAnalysis {
  /**
   * The populate methods this analysis gives the same frame as (usually `MyStrategy.prototype`).
   * The bot streams only while the strategy's three methods are exactly these: a subclass that
   * overrides one, or a method replaced on the object, takes the full path.
   */
  readonly mirrors: PopulateMethods;
  start(meta: PairMeta): StreamingPair;
}

/**
 * The strategy's streaming analysis when the bot may use it: it opted in, its populate methods are
 * the ones the analysis mirrors, and its frame holds only its own candles (informative merges take
 * the full path).
 */
export function streamingOf(strategy: Strategy): StreamingAnalysis | undefined {
  const analysis = strategy.streaming;
  if (!analysis || (strategy.informative && strategy.informative.length > 0)) return undefined;
  const { mirrors } = analysis;
  const same =
    strategy.populateIndicators === mirrors.populateIndicators &&
    strategy.populateEntryTrend === mirrors.populateEntryTrend &&
    strategy.populateExitTrend === mirrors.populateExitTrend;
  return same ? analysis : undefined;
}

interface Kept {
  strategy: Strategy;
  timeframe: string;
  frame: Frame;
  analysis: StreamingPair;
  /** The candles the frame was last brought up to (row r of the frame is candles[r]); a private copy. */
  candles: readonly Candle[];
}

interface Step {
  /** Rows dropped from the head (the window slid). */
  drop: number;
  /** The newest kept row's candle changed (same open time). */
  replaceLast: boolean;
  /** Index in the candles of the first new row. */
  firstNew: number;
}

/**
 * The analysed frame of each pair of a streaming strategy, kept between ticks. `analyse` extends it
 * when the candles only moved forward (new candles appended, the oldest dropped, the newest one
 * changed); otherwise (first call, another strategy object or timeframe, a gap, a corrected older
 * candle, candles older than the kept head) it analyses the whole window from a fresh state.
 * The returned frame is updated in place by the next call for the same pair.
 */
export class KeptFrames {
  private readonly kept = new Map<string, Kept>();
  /** Rows computed by the last `analyse` call (for tests and diagnostics). */
  lastRowsComputed = 0;

  analyse(
    strategy: Strategy,
    analysis: StreamingAnalysis,
    candles: readonly Candle[],
    meta: PairMeta,
    timeframeMs: number,
  ): Frame {
    const kept = this.kept.get(meta.pair);
    this.kept.delete(meta.pair); // back in only when the frame is consistent again
    const step =
      kept && kept.strategy === strategy && kept.timeframe === meta.timeframe
        ? planStep(kept.frame, candles, timeframeMs, kept.candles)
        : undefined;
    const next = step && kept && extend(kept, candles, step) ? kept : this.full(strategy, analysis, candles, meta);
    this.lastRowsComputed =
      next === kept && step ? candles.length - step.firstNew + (step.replaceLast ? 1 : 0) : candles.length;
    next.candles = candles.slice(); // a copy: the caller may edit its array in place later
    this.kept.set(meta.pair, next);
    return next.frame;
  }

  /** Forgets pairs not in `pairs` (they left the whitelist: a later return starts afresh). */
  retain(pairs: Iterable<string>): void {
    const keep = new Set(pairs);
    for (const pair of this.kept.keys()) if (!keep.has(pair)) this.kept.delete(pair);
  }

  clear(): void {
    this.kept.clear();
  }

  private full(strategy: Strategy, analysis: StreamingAnalysis, candles: readonly Candle[], meta: PairMeta): Kept {
    const state = analysis.start(meta);
    const frame = frameFromCandles(candles as Candle[]);
    const names = [...state.columns, ...SIGNAL_COLUMNS.filter((s) => !state.columns.includes(s))];
    if (names.some((name) => (OHLCV_COLUMNS as readonly string[]).includes(name))) {
      throw new Error(`${strategy.name}: a streaming column is named like an OHLCV column`);
    }
    for (const name of names) frame.columns[name] = new Array<number | null>(candles.length).fill(defaultCell(name));
    for (const name of TAG_COLUMNS) frame.tags[name] = new Array<string | null>(candles.length).fill(null);
    const kept = { strategy, timeframe: meta.timeframe, frame, analysis: state, candles: [] as readonly Candle[] };
    for (let i = 0; i < candles.length; i++) computeRow(kept, i, false);
    return kept;
  }
}

const SIGNALS: ReadonlySet<string> = new Set(SIGNAL_COLUMNS);

function defaultCell(column: string): number | null {
  return SIGNALS.has(column) ? 0 : null;
}

/**
 * How the kept frame maps onto `candles`, or undefined when only a full recompute is right.
 * `previous` (the candles of the frame's rows) lets an unchanged candle be recognised by identity:
 * the candle store never edits a candle in place, it replaces it.
 */
export function planStep(
  frame: Frame,
  candles: readonly Candle[],
  timeframeMs: number,
  previous?: readonly Candle[],
): Step | undefined {
  const kept = frame.date.length;
  const total = candles.length;
  if (kept === 0 || total === 0) return undefined;
  const newRows = (candles[total - 1][0] - frame.date[kept - 1]) / timeframeMs;
  if (!Number.isInteger(newRows) || newRows < 0) return undefined;
  const lastKept = total - 1 - newRows; // index of the kept newest candle in `candles` (-1: just before them)
  const drop = kept - 1 - lastKept;
  if (lastKept < -1 || drop < 0) return undefined;
  if (lastKept === -1 && candles[0][0] !== frame.date[kept - 1] + timeframeMs) return undefined;
  for (let j = Math.max(1, lastKept + 1); j < total; j++) {
    if (candles[j][0] !== candles[j - 1][0] + timeframeMs) return undefined;
  }
  let replaceLast = false;
  for (let j = 0; j <= lastKept; j++) {
    if (previous?.[drop + j] === candles[j] || sameCandle(frame, drop + j, candles[j])) continue;
    if (j < lastKept || frame.date[drop + j] !== candles[j][0]) return undefined;
    replaceLast = true;
  }
  return { drop, replaceLast, firstNew: lastKept + 1 };
}

function sameCandle(frame: Frame, i: number, candle: Candle): boolean {
  return (
    frame.date[i] === candle[0] &&
    Object.is(frame.open[i], candle[1]) &&
    Object.is(frame.high[i], candle[2]) &&
    Object.is(frame.low[i], candle[3]) &&
    Object.is(frame.close[i], candle[4]) &&
    Object.is(frame.volume[i], candle[5])
  );
}

/** Applies `step` in place; false when the analysis could not replace a row (the caller recomputes). */
function extend(kept: Kept, candles: readonly Candle[], step: Step): boolean {
  const { frame } = kept;
  // Rows are computed before the head is dropped, so a new row always sees the rows before it.
  if (step.replaceLast) {
    const i = frame.date.length - 1;
    setCandle(frame, i, candles[step.firstNew - 1]);
    if (!computeRow(kept, i, true)) return false;
  }
  for (let j = step.firstNew; j < candles.length; j++) {
    appendCandle(frame, candles[j]);
    for (const [name, column] of Object.entries(frame.columns)) column.push(defaultCell(name));
    for (const column of Object.values(frame.tags)) column.push(null);
    computeRow(kept, frame.date.length - 1, false);
  }
  if (step.drop > 0) for (const column of allColumns(frame)) dropHead(column, step.drop);
  return true;
}

function computeRow(kept: Kept, i: number, replace: boolean): boolean {
  const { frame } = kept;
  if (replace) {
    for (const [name, column] of Object.entries(frame.columns)) column[i] = defaultCell(name);
    for (const column of Object.values(frame.tags)) column[i] = null;
  }
  if (!kept.analysis.row(frame, i, replace)) {
    if (replace) return false;
    throw new Error(`${kept.strategy.name}: its streaming analysis refused a new row`);
  }
  for (const name of SIGNAL_COLUMNS) {
    const column = frame.columns[name];
    if (column[i] === null || Number.isNaN(column[i])) column[i] = 0; // as analyze() fills missing signals
  }
  return true;
}

function* allColumns(frame: Frame): Generator<unknown[]> {
  yield frame.date;
  yield frame.open;
  yield frame.high;
  yield frame.low;
  yield frame.close;
  yield frame.volume;
  yield* Object.values(frame.columns);
  yield* Object.values(frame.tags);
}

function dropHead(column: unknown[], rows: number): void {
  if (rows === 1) column.shift();
  else column.splice(0, rows);
}

function setCandle(frame: Frame, i: number, c: Candle): void {
  frame.date[i] = c[0];
  frame.open[i] = c[1];
  frame.high[i] = c[2];
  frame.low[i] = c[3];
  frame.close[i] = c[4];
  frame.volume[i] = c[5];
}

function appendCandle(frame: Frame, c: Candle): void {
  frame.date.push(c[0]);
  frame.open.push(c[1]);
  frame.high.push(c[2]);
  frame.low.push(c[3]);
  frame.close.push(c[4]);
  frame.volume.push(c[5]);
}
