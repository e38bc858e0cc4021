// Candles in freqtrade's feather files (pandas to_feather: Arrow IPC file, LZ4-frame compressed
// buffers, columns date/open/high/low/close/volume, date a UTC timestamp of any unit), read and
// written with apache-arrow; lz4js supplies the LZ4 frame codec Arrow's registry asks for when
// reading. Files written here are uncompressed (see ipcFile).

import {
  CompressionType,
  compressionRegistry,
  Field,
  Float64,
  Int64,
  makeData,
  RecordBatch,
  RecordBatchFileWriter,
  Schema,
  Struct,
  Table,
  type Timestamp,
  TimestampMillisecond,
  TimestampNanosecond,
  TimeUnit,
  tableFromIPC,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import * as lz4 from 'lz4js';
import type { CandleColumns } from '../../../backtest/types.ts';
import type { WalletCaptures } from '../../../backtest/wallet-capture.ts';
import { pandasJsonIso } from '../../../domain/dates.ts';
import type { Candle } from '../../../exchange/port.ts';
import { MARKET_CHANGE_COLUMNS, type MarketChangeTable } from '../../../reports/market-change.ts';

compressionRegistry.set(CompressionType.LZ4_FRAME, {
  encode: (data: Uint8Array) => lz4.compress(data),
  decode: (data: Uint8Array) => lz4.decompress(data),
});

const COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;

const TO_MS: Record<number, (v: bigint | number) => number> = {
  [TimeUnit.SECOND]: (v) => Number(v) * 1000,
  [TimeUnit.MILLISECOND]: (v) => Number(v),
  [TimeUnit.MICROSECOND]: (v) => Number(BigInt(v) / 1000n),
  [TimeUnit.NANOSECOND]: (v) => Number(BigInt(v) / 1_000_000n),
};

/** The raw stored integers of a timestamp column, as ms since the epoch. */
function dateColumn(table: Table): number[] {
  const column = table.getChild('date');
  if (!column) throw new Error('feather file has no date column');
  const unit = (column.type as Timestamp).unit;
  const toMs = TO_MS[unit];
  if (toMs === undefined) throw new Error('date column is not a timestamp');
  const out: number[] = [];
  for (const chunk of column.data) {
    const values = chunk.values as BigInt64Array | Int32Array | Float64Array;
    for (let i = 0; i < chunk.length; i++) out.push(toMs(values[chunk.offset + i]));
  }
  return out;
}

/** The file's columns as typed arrays (no per-candle arrays: a year of 5m candles is 5 MB, not 10). */
export function readFeatherColumns(bytes: Uint8Array): CandleColumns {
  const table = tableFromIPC(bytes);
  const column = (name: string) => {
    const c = table.getChild(name);
    if (!c) throw new Error(`feather file has no ${name} column`);
    return Float64Array.from(c.toArray() as Float64Array);
  };
  return {
    date: Float64Array.from(dateColumn(table)),
    open: column('open'),
    high: column('high'),
    low: column('low'),
    close: column('close'),
    volume: column('volume'),
  };
}

export function readFeatherCandles(bytes: Uint8Array): Candle[] {
  const table = tableFromIPC(bytes);
  const dates = dateColumn(table);
  const cols = COLUMNS.map((name) => {
    const c = table.getChild(name);
    if (!c) throw new Error(`feather file has no ${name} column`);
    return c.toArray() as Float64Array;
  });
  return dates.map((d, i) => [d, cols[0][i], cols[1][i], cols[2][i], cols[3][i], cols[4][i]] as Candle);
}

/** An Arrow IPC file with freqtrade's candle columns (uncompressed, see ipcFile), dates in ms. */
export function writeFeatherCandles(candles: readonly Candle[]): Uint8Array {
  const n = candles.length;
  const date = new BigInt64Array(n);
  const values = COLUMNS.map(() => new Float64Array(n));
  candles.forEach((c, i) => {
    date[i] = BigInt(c[0]);
    for (let k = 0; k < COLUMNS.length; k++) values[k][i] = c[k + 1];
  });
  const dateType = new TimestampMillisecond('UTC');
  const fields = [new Field('date', dateType, true), ...COLUMNS.map((name) => new Field(name, new Float64(), true))];
  const children = [
    makeData({ type: dateType, length: n, data: date }),
    ...values.map((data) => makeData({ type: new Float64(), length: n, data })),
  ];
  return ipcFile(fields, children, n);
}

/**
 * Arrow IPC file bytes of one record batch, uncompressed. pandas writes LZ4 frames, but
 * apache-arrow 21's writer prefixes each compressed buffer with its compressed length where the
 * format wants the uncompressed one, and pyarrow then refuses the file ("Lz4 decompression buffer
 * too small"); uncompressed files read everywhere.
 */
function ipcFile(fields: Field[], children: ReturnType<typeof makeData>[], length: number): Uint8Array {
  const schema = new Schema(fields);
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length, children }));
  const w = new RecordBatchFileWriter();
  w.write(new Table(schema, [batch]));
  w.finish();
  return w.toUint8Array(true);
}

/**
 * The market change as freqtrade's zip holds it (`<stem>_market_change.feather`, the frame of
 * combined_dataframes_with_rel_mean after reset_index): date (UTC, ns as pandas keeps it), mean,
 * rel_mean, count. `__date_ts` is not stored: freqtrade adds it when reading.
 */
export function writeMarketChangeFeather(table: MarketChangeTable): Uint8Array {
  const n = table.length;
  const date = new BigInt64Array(n);
  const mean = new Float64Array(n);
  const relMean = new Float64Array(n);
  const count = new BigInt64Array(n);
  table.data.forEach((row, i) => {
    date[i] = BigInt(row[4]) * 1_000_000n;
    mean[i] = Number(row[1]);
    relMean[i] = Number(row[2]);
    count[i] = BigInt(row[3]);
  });
  const dateType = new TimestampNanosecond('UTC');
  const fields = [
    new Field('date', dateType, true),
    new Field('mean', new Float64(), true),
    new Field('rel_mean', new Float64(), true),
    new Field('count', new Int64(), true),
  ];
  const children = [
    makeData({ type: dateType, length: n, data: date }),
    makeData({ type: new Float64(), length: n, data: mean }),
    makeData({ type: new Float64(), length: n, data: relMean }),
    makeData({ type: new Int64(), length: n, data: count }),
  ];
  return ipcFile(fields, children, n);
}

/** A market change feather (ours or freqtrade's) as the API's table, with freqtrade's __date_ts added. */
export function readMarketChangeFeather(bytes: Uint8Array): MarketChangeTable {
  const table = tableFromIPC(bytes);
  const dates = dateColumn(table);
  const column = (name: string) => {
    const c = table.getChild(name);
    if (!c) throw new Error(`market change file has no ${name} column`);
    return Array.from(c.toArray() as ArrayLike<number | bigint>, Number);
  };
  const [mean, relMean, count] = [column('mean'), column('rel_mean'), column('count')];
  const data = dates.map((ts, i) => [pandasJsonIso(ts), mean[i], relMean[i], count[i], ts]);
  return { columns: [...MARKET_CHANGE_COLUMNS], length: data.length, data };
}

/**
 * A strategy's wallet captures as freqtrade's zip holds them (`<stem>_<strategy>_wallet.feather`:
 * convert_bt_wallet_collection's frame after reset_index, so its RangeIndex becomes an `index`
 * column): index, date (UTC, ns), currency, rate, balance.
 */
export function writeWalletFeather(wallet: WalletCaptures): Uint8Array {
  const n = wallet.date.length;
  const index = BigInt64Array.from({ length: n }, (_, i) => BigInt(i));
  const date = BigInt64Array.from(wallet.date, (ms) => BigInt(ms) * 1_000_000n);
  const dateType = new TimestampNanosecond('UTC');
  const fields = [
    new Field('index', new Int64(), true),
    new Field('date', dateType, true),
    new Field('currency', new Utf8(), true),
    new Field('rate', new Float64(), true),
    new Field('balance', new Float64(), true),
  ];
  const children = [
    makeData({ type: new Int64(), length: n, data: index }),
    makeData({ type: dateType, length: n, data: date }),
    vectorFromArray(wallet.currency, new Utf8()).data[0],
    makeData({ type: new Float64(), length: n, data: Float64Array.from(wallet.rate) }),
    makeData({ type: new Float64(), length: n, data: Float64Array.from(wallet.balance) }),
  ];
  return ipcFile(fields, children, n);
}
