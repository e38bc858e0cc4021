// freqtrade's lookahead-analysis and recursive-analysis, on the vectorised strategy run:
// - lookahead: at each signal candle, the strategy is run again on the candles up to that candle
//   only; an indicator or signal that differs there was computed from later candles (bias).
// - recursive: indicators at the last candle, computed with different numbers of startup candles;
//   a value that moves with the startup length depends on how much history came before (e.g. EMA).

import type { Candle } from '../exchange/port.ts';
import { analyze } from '../strategy/analyze.ts';
import { SIGNAL_COLUMNS } from '../strategy/frame.ts';
import type { Frame, Strategy } from '../strategy/types.ts';

export interface LookaheadReport {
  strategy: string;
  has_bias: boolean;
  total_signals: number;
  biased_entry_signals: number;
  biased_exit_signals: number;
  biased_indicators: string[];
  /** freqtrade refuses a verdict below --minimum-trade-amount signals. */
  too_few_signals: boolean;
}

export interface LookaheadOptions {
  /** Signals to check at most (freqtrade's --targeted-trade-amount, default 20). */
  targetedSignals?: number;
  /** Fewer signals than this gives no verdict (--minimum-trade-amount, default 10). */
  minimumSignals?: number;
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) && Number.isNaN(b)) return true;
    return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  }
  return (a ?? null) === (b ?? null);
}

function signalRows(frame: Frame): { row: number; entry: boolean }[] {
  const out: { row: number; entry: boolean }[] = [];
  const n = frame.date.length;
  for (let i = 0; i < n; i++) {
    const entry = frame.columns.enter_long?.[i] === 1 || frame.columns.enter_short?.[i] === 1;
    const exit = frame.columns.exit_long?.[i] === 1 || frame.columns.exit_short?.[i] === 1;
    if (entry || exit) out.push({ row: i, entry });
  }
  return out;
}

export function lookaheadAnalysis(
  strategy: Strategy,
  data: ReadonlyMap<string, readonly Candle[]>,
  timeframe: string,
  options: LookaheadOptions = {},
): LookaheadReport {
  const target = options.targetedSignals ?? 20;
  const minimum = options.minimumSignals ?? 10;
  const startup = strategy.startup_candle_count ?? 0;
  const biased = new Set<string>();
  let total = 0;
  let entries = 0;
  let exits = 0;
  for (const [pair, candles] of data) {
    if (total >= target) break;
    const meta = { pair, timeframe };
    const full = analyze(strategy, candles, meta);
    for (const { row, entry } of signalRows(full)) {
      if (row < startup) continue;
      if (total >= target) break;
      total++;
      const cut = analyze(strategy, candles.slice(0, row + 1), meta);
      let signalBias = false;
      for (const name of Object.keys(full.columns)) {
        if (same(full.columns[name][row], cut.columns[name]?.[row])) continue;
        if ((SIGNAL_COLUMNS as readonly string[]).includes(name)) signalBias = true;
        else biased.add(name);
      }
      if (signalBias && entry) entries++;
      else if (signalBias) exits++;
    }
  }
  return {
    strategy: strategy.name,
    has_bias: entries + exits > 0 || biased.size > 0,
    total_signals: total,
    biased_entry_signals: entries,
    biased_exit_signals: exits,
    biased_indicators: [...biased].sort(),
    too_few_signals: total < minimum,
  };
}

export interface RecursiveReport {
  strategy: string;
  pair: string;
  /** Startup candle counts compared, the reference (largest) last. */
  startupCandles: number[];
  /** Per indicator: relative difference (%) at the last candle for each startup count vs the reference; null = same. */
  indicators: Record<string, (number | null)[]>;
}

/**
 * Indicators at the last candle computed from `count` candles of history before it, for each
 * count, compared with the largest count (freqtrade's recursive-analysis --startup-candle list).
 */
export function recursiveAnalysis(
  strategy: Strategy,
  pair: string,
  candles: readonly Candle[],
  timeframe: string,
  startupCandles: number[],
): RecursiveReport {
  const counts = [...new Set(startupCandles.filter((c) => c > 0 && c < candles.length))].sort((a, b) => a - b);
  const meta = { pair, timeframe };
  const lastOf = (count: number) => {
    const frame = analyze(strategy, candles.slice(candles.length - count - 1), meta);
    const i = frame.date.length - 1;
    const out: Record<string, number | null> = {};
    for (const [name, col] of Object.entries(frame.columns)) {
      if (!(SIGNAL_COLUMNS as readonly string[]).includes(name)) out[name] = col[i] ?? null;
    }
    return out;
  };
  const reference = lastOf(counts[counts.length - 1] ?? 0);
  const indicators: Record<string, (number | null)[]> = {};
  for (const name of Object.keys(reference)) indicators[name] = [];
  for (const count of counts) {
    const values = lastOf(count);
    for (const name of Object.keys(reference)) {
      const ref = reference[name];
      const v = values[name];
      indicators[name].push(
        same(v, ref)
          ? null
          : typeof v === 'number' && typeof ref === 'number' && ref !== 0
            ? ((v - ref) / ref) * 100
            : 100,
      );
    }
  }
  return { strategy: strategy.name, pair, startupCandles: counts, indicators };
}
