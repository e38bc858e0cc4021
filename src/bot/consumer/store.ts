// What a consumer knows about its producers: the latest whitelist of each and their analysed
// frames per (pair, timeframe, candle type), merged as new candles arrive (freqtrade's
// DataProvider external data: the pairlist's producer whitelist and dp.get_producer_df).

import { timeframeToMs } from '../../exchange/port.ts';
import type { Column, Frame, TagColumn } from '../../strategy/types.ts';

export interface ProducerFrame {
  frame: Frame;
  /** When the producer last analysed the pair, epoch ms. */
  lastAnalyzed: number;
}

export interface AddFrameResult {
  /** Candles missing between what was stored and what arrived (0: contiguous or first frame). */
  missing: number;
}

/** freqtrade's default producer name in dp.get_producer_df. */
export const DEFAULT_PRODUCER = 'default';
export const MAX_PRODUCER_CANDLES = 1500;

const OHLCV = ['date', 'open', 'high', 'low', 'close', 'volume'] as const;
const SIGNAL_COLUMNS = ['enter_long', 'exit_long', 'enter_short', 'exit_short'];
const SIGNAL_TAGS = ['enter_tag', 'exit_tag'];

export class ProducerDataStore {
  private readonly producers: string[];
  private readonly whitelists = new Map<string, string[]>();
  private readonly frames = new Map<string, ProducerFrame>();
  private readonly maxCandles: number;

  /** `producers` fixes the order in which whitelists are united. */
  constructor(producers: string[], maxCandles = MAX_PRODUCER_CANDLES) {
    this.producers = [...producers];
    this.maxCandles = maxCandles;
  }

  setWhitelist(producer: string, pairs: string[]): void {
    this.whitelists.set(producer, [...pairs]);
  }

  /** The union of the producers' whitelists: producers in configured order, pairs in their order. */
  whitelist(): string[] {
    const seen = new Set<string>();
    for (const p of this.producers) for (const pair of this.whitelists.get(p) ?? []) seen.add(pair);
    return [...seen];
  }

  producerWhitelist(producer: string): string[] | undefined {
    const w = this.whitelists.get(producer);
    return w ? [...w] : undefined;
  }

  frame(pair: string, timeframe: string, candleType: string, producer = DEFAULT_PRODUCER): ProducerFrame | undefined {
    return this.frames.get(frameKey(producer, pair, timeframe, candleType));
  }

  /** Merges candles from a producer (newer values win) and reports a gap before them. */
  addFrame(producer: string, key: [string, string, string], incoming: Frame, lastAnalyzed: number): AddFrameResult {
    const [pair, timeframe, candleType] = key;
    const k = frameKey(producer, pair, timeframe, candleType);
    const existing = this.frames.get(k);
    let missing = 0;
    if (existing && existing.frame.date.length > 0 && incoming.date.length > 0) {
      const tfMs = safeTimeframeMs(timeframe);
      const gap = incoming.date[0] - existing.frame.date[existing.frame.date.length - 1];
      if (tfMs > 0 && gap > tfMs) missing = Math.round(gap / tfMs) - 1;
    }
    const merged = existing ? mergeFrames(existing.frame, incoming) : incoming;
    this.frames.set(k, {
      frame: tail(merged, this.maxCandles),
      lastAnalyzed: Math.max(lastAnalyzed, existing?.lastAnalyzed ?? 0),
    });
    return { missing };
  }
}

function frameKey(producer: string, pair: string, timeframe: string, candleType: string): string {
  return `${producer}\u0000${pair}\u0000${timeframe}\u0000${candleType}`;
}

function safeTimeframeMs(timeframe: string): number {
  try {
    return timeframeToMs(timeframe);
  } catch {
    return 0;
  }
}

/** freqtrade's remove_entry_exit_signals: signals become 0, tags null (the columns stay). */
export function neutraliseSignals(frame: Frame): Frame {
  const n = frame.date.length;
  const columns = { ...frame.columns };
  const tags = { ...frame.tags };
  for (const c of SIGNAL_COLUMNS) columns[c] = new Array(n).fill(0);
  for (const t of SIGNAL_TAGS) tags[t] = new Array(n).fill(null);
  return { ...frame, columns, tags };
}

/** Rows of `a` before and after `b`'s date range, with all of `b` in between; columns united. */
export function mergeFrames(a: Frame, b: Frame): Frame {
  if (b.date.length === 0) return a;
  if (a.date.length === 0) return b;
  const first = b.date[0];
  const last = b.date[b.date.length - 1];
  const before: number[] = [];
  const after: number[] = [];
  a.date.forEach((d, i) => {
    if (d < first) before.push(i);
    else if (d > last) after.push(i);
  });
  const pick = <T>(col: T[] | undefined, rows: number[], fill: T): T[] =>
    rows.map((i) => (col ? (col[i] ?? fill) : fill));
  const bRows = b.date.map((_, i) => i);
  const join = <T>(ca: T[] | undefined, cb: T[] | undefined, fill: T): T[] => [
    ...pick(ca, before, fill),
    ...pick(cb, bRows, fill),
    ...pick(ca, after, fill),
  ];
  const out: Frame = { date: [], open: [], high: [], low: [], close: [], volume: [], columns: {}, tags: {} };
  for (const c of OHLCV) out[c] = join(a[c], b[c], Number.NaN);
  for (const name of new Set([...Object.keys(a.columns), ...Object.keys(b.columns)])) {
    out.columns[name] = join<number | null>(a.columns[name], b.columns[name], null) as Column;
  }
  for (const name of new Set([...Object.keys(a.tags), ...Object.keys(b.tags)])) {
    out.tags[name] = join<string | null>(a.tags[name], b.tags[name], null) as TagColumn;
  }
  return out;
}

function tail(f: Frame, n: number): Frame {
  if (f.date.length <= n) return f;
  const s = (col: any[]) => col.slice(-n);
  return {
    date: s(f.date),
    open: s(f.open),
    high: s(f.high),
    low: s(f.low),
    close: s(f.close),
    volume: s(f.volume),
    columns: Object.fromEntries(Object.entries(f.columns).map(([k, v]) => [k, s(v)])),
    tags: Object.fromEntries(Object.entries(f.tags).map(([k, v]) => [k, s(v)])),
  };
}
