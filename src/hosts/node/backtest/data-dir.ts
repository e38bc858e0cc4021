// freqtrade's data directory: user_data/data/<exchange>/<PAIR>-<tf>.<ext>, futures candles under
// futures/ with a candle-type suffix (<PAIR>-<tf>-futures.feather, -mark, -funding_rate), in
// json ([[ms, o, h, l, c, v], ...]), jsongz (the same gzipped, .json.gz) or feather.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { toColumns } from '../../../backtest/series.ts';
import type { CandleColumns } from '../../../backtest/types.ts';
import type { Candle, CandleType } from '../../../exchange/port.ts';
import { readFeatherCandles, readFeatherColumns, writeFeatherCandles } from './feather.ts';

export type OhlcvFormat = 'json' | 'jsongz' | 'feather';
export const OHLCV_FORMATS: readonly OhlcvFormat[] = ['feather', 'json', 'jsongz'];

const EXTENSION: Record<OhlcvFormat, string> = { json: 'json', jsongz: 'json.gz', feather: 'feather' };

/** freqtrade's pair_to_filename. */
export function pairToFilename(pair: string): string {
  return pair.replace(/[/ .@$+:]/g, '_');
}

/** freqtrade's timeframe_to_file: "1M" (month) is written "1Mo" so it differs from "1m" on case-insensitive disks. */
function timeframeToFile(timeframe: string): string {
  return timeframe.replace('M', 'Mo');
}

export function pairDataFile(
  datadir: string,
  pair: string,
  timeframe: string,
  candleType: CandleType,
  format: OhlcvFormat,
): string {
  const base = `${pairToFilename(pair)}-${timeframeToFile(timeframe)}`;
  if (candleType === 'spot') return join(datadir, `${base}.${EXTENSION[format]}`);
  return join(datadir, 'futures', `${base}-${candleType}.${EXTENSION[format]}`);
}

function parseJsonCandles(text: string, file: string): Candle[] {
  const rows = JSON.parse(text) as unknown;
  if (!Array.isArray(rows)) throw new Error(`${file}: not a list of candles`);
  return rows.map((r, i) => {
    if (!Array.isArray(r) || r.length < 6)
      throw new Error(`${file}: row ${i} is not [date, open, high, low, close, volume]`);
    return [Number(r[0]), Number(r[1]), Number(r[2]), Number(r[3]), Number(r[4]), Number(r[5])] as Candle;
  });
}

/** Sorted by date, duplicates dropped (freqtrade's clean_ohlcv_dataframe keeps the first). */
function clean(candles: Candle[]): Candle[] {
  candles.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < candles.length; i++) {
    if (candles[i][0] === candles[i - 1][0]) return candles.filter((c, k) => k === 0 || c[0] !== candles[k - 1][0]);
  }
  return candles;
}

export function readCandleFile(file: string, format: OhlcvFormat): Candle[] {
  const bytes = readFileSync(file);
  if (format === 'feather') return clean(readFeatherCandles(bytes));
  const text = format === 'jsongz' ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  return clean(parseJsonCandles(text, file));
}

/** Columns sorted by date without duplicates, else null. */
function cleanColumns(c: CandleColumns): CandleColumns | null {
  for (let i = 1; i < c.date.length; i++) if (!(c.date[i] > c.date[i - 1])) return null;
  return c;
}

/** `readPairData` as typed columns (the backtest's main candles); feather is read without Candle[] rows. */
export function readPairColumns(
  datadir: string,
  pair: string,
  timeframe: string,
  candleType: CandleType,
  format?: OhlcvFormat,
): CandleColumns {
  for (const f of format ? [format] : OHLCV_FORMATS) {
    const file = pairDataFile(datadir, pair, timeframe, candleType, f);
    if (!existsSync(file)) continue;
    if (f === 'feather') {
      const columns = cleanColumns(readFeatherColumns(readFileSync(file)));
      if (columns) return columns;
    }
    return toColumns(readCandleFile(file, f));
  }
  return toColumns([]);
}

/**
 * A pair's candles from the data directory: in `format` when given, else the first file found
 * (feather, json, json.gz). Empty when there is no file.
 */
export function readPairData(
  datadir: string,
  pair: string,
  timeframe: string,
  candleType: CandleType,
  format?: OhlcvFormat,
): Candle[] {
  for (const f of format ? [format] : OHLCV_FORMATS) {
    const file = pairDataFile(datadir, pair, timeframe, candleType, f);
    if (existsSync(file)) return readCandleFile(file, f);
  }
  return [];
}

export function writePairData(
  datadir: string,
  pair: string,
  timeframe: string,
  candleType: CandleType,
  candles: readonly Candle[],
  format: OhlcvFormat,
): string {
  const file = pairDataFile(datadir, pair, timeframe, candleType, format);
  mkdirSync(dirname(file), { recursive: true });
  if (format === 'feather') writeFileSync(file, writeFeatherCandles(candles));
  else {
    const json = JSON.stringify(candles);
    writeFileSync(file, format === 'jsongz' ? gzipSync(json) : json);
  }
  return file;
}

/** freqtrade's default datadir: <user_data_dir>/data/<exchange name>. */
export function defaultDatadir(userDataDir: string, exchange: string): string {
  return join(userDataDir, 'data', exchange.toLowerCase());
}

/**
 * download-data into a data directory: candles collected per key, merged with what the file
 * already holds (new candles win) and written in `format` by flush().
 */
export class DataDirWriter {
  private readonly pending = new Map<
    string,
    { pair: string; timeframe: string; candleType: CandleType; rows: Map<number, Candle> }
  >();
  private readonly datadir: string;
  private readonly format: OhlcvFormat;

  constructor(datadir: string, format: OhlcvFormat) {
    this.datadir = datadir;
    this.format = format;
  }

  async latest(): Promise<Candle[]> {
    return [];
  }

  async save(sets: { key: { pair: string; timeframe: string; candleType: string }; rows: Candle[] }[]): Promise<void> {
    for (const { key, rows } of sets) {
      const id = JSON.stringify([key.pair, key.timeframe, key.candleType]);
      let entry = this.pending.get(id);
      if (!entry) {
        const candleType = key.candleType as CandleType;
        const existing = readPairData(this.datadir, key.pair, key.timeframe, candleType, this.format);
        entry = { pair: key.pair, timeframe: key.timeframe, candleType, rows: new Map(existing.map((c) => [c[0], c])) };
        this.pending.set(id, entry);
      }
      for (const c of rows) entry.rows.set(c[0], c);
    }
  }

  /** Writes every collected key; returns the files written. */
  flush(): string[] {
    const files: string[] = [];
    for (const e of this.pending.values()) {
      const candles = [...e.rows.values()].sort((a, b) => a[0] - b[0]);
      files.push(writePairData(this.datadir, e.pair, e.timeframe, e.candleType, candles, this.format));
    }
    this.pending.clear();
    return files;
  }
}
