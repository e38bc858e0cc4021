// The PairHistory body shared by /pair_candles and /pair_history: an analysed frame as columns
// + row-major data, with freqtrade's helper columns and signal counts.

import { pandasTimestampString, pydanticDatetime } from '../domain/dates.ts';
import { isValidTimeframe, timeframeToMs } from '../exchange/port.ts';
import { columnNames, frameLength, getColumn, OHLCV_COLUMNS, SIGNAL_COLUMNS } from '../strategy/frame.ts';
import type { Frame } from '../strategy/types.ts';

export interface PairHistoryInput {
  strategy: string;
  pair: string;
  timeframe: string;
  frame: Frame;
  lastAnalyzed: number; // ms
  /** Column filter: OHLCV and the signal columns are always kept. */
  columns?: string[] | null;
}

export function pairHistoryJson(input: PairHistoryInput) {
  const { frame } = input;
  const n = frameLength(frame);
  const allColumns = columnNames(frame);
  let columns = allColumns;
  if (input.columns && input.columns.length > 0) {
    const keep = new Set<string>([...input.columns, ...OHLCV_COLUMNS, ...SIGNAL_COLUMNS]);
    columns = allColumns.filter((c) => keep.has(c));
  }
  const counts: Record<string, number> = { enter_long: 0, exit_long: 0, enter_short: 0, exit_short: 0 };
  const sources = columns.map((c) => getColumn(frame, c));
  const helperSignals = n > 0 ? SIGNAL_COLUMNS.filter((s) => frame.columns[s] !== undefined) : [];
  const data: unknown[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row: unknown[] = new Array(columns.length);
    for (let c = 0; c < columns.length; c++) {
      const v = sources[c]?.[i] ?? null;
      row[c] =
        columns[c] === 'date' ? pydanticDatetime(v as number) : typeof v === 'number' && !Number.isFinite(v) ? null : v;
    }
    row.push(frame.date[i]);
    for (const s of helperSignals) {
      const hit = frame.columns[s][i] === 1;
      if (hit) counts[s]++;
      row.push(hit ? frame.close[i] : null);
    }
    data[i] = row;
  }
  const outColumns = n > 0 ? [...columns, '__date_ts', ...helperSignals.map((s) => `_${s}_signal_close`)] : columns;
  const first = n > 0 ? frame.date[0] : undefined;
  const last = n > 0 ? frame.date[n - 1] : undefined;
  return {
    strategy: input.strategy,
    pair: input.pair,
    timeframe: input.timeframe,
    timeframe_ms: isValidTimeframe(input.timeframe) ? timeframeToMs(input.timeframe) : 0,
    columns: outColumns,
    all_columns: allColumns,
    data,
    length: n,
    buy_signals: counts.enter_long,
    sell_signals: counts.exit_long,
    enter_long_signals: counts.enter_long,
    exit_long_signals: counts.exit_long,
    enter_short_signals: counts.enter_short,
    exit_short_signals: counts.exit_short,
    last_analyzed: pydanticDatetime(input.lastAnalyzed),
    last_analyzed_ts: Math.floor(input.lastAnalyzed / 1000),
    data_start: first === undefined ? '' : pandasTimestampString(first),
    data_start_ts: first ?? 0,
    data_stop: last === undefined ? '' : pandasTimestampString(last),
    data_stop_ts: last ?? 0,
  };
}
