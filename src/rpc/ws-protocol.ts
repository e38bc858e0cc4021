// The message-websocket protocol (shared/api/freqtrade-api.md §9), independent of any host:
// what a client frame means, what the server replies, which broadcasts a client gets, and the
// pandas-compatible DataFrame encoding that analyzed_df carries. Hosts own sockets; this owns bytes.

import { isoformatUtc } from '../domain/dates.ts';
import type { AnalyzedPair } from '../strategy/analyze.ts';
import type { Frame } from '../strategy/types.ts';
import type { AnalyzedDfMessage, EncodedDataFrame, RpcMessage, RpcMessageType, WhitelistMessage } from './messages.ts';
import { isRpcMessageType } from './messages.ts';

/** What the websocket needs to see of the bot. */
export interface WsBotView {
  /** The active whitelist, in order. */
  whitelist(): string[];
  /** The last analysed frame of a pair, or undefined when the pair was never analysed. */
  analyzed(pair: string): AnalyzedPair | undefined;
}

/** The reply to a request that failed while being processed (note: `data`, not `status`). */
export interface WsErrorMessage {
  type: 'exception';
  data: string;
}

export type WsOutgoing = RpcMessage | WsErrorMessage;

export interface WsFrameOutcome {
  /** Present when the frame replaced the connection's subscription set. */
  subscriptions?: RpcMessageType[];
  /** Messages to send back to this client only, in order. */
  replies: WsOutgoing[];
}

export interface WsProtocolLog {
  debug(msg: string): void;
  warning(msg: string): void;
}

export const WS_REQUEST_TYPES = ['subscribe', 'whitelist', 'analyzed_df'] as const;
export type WsRequestType = (typeof WS_REQUEST_TYPES)[number];

/** freqtrade caps analyzed_df requests at this many candles per pair. */
export const MAX_ANALYZED_DF_CANDLES = 1500;

export const WS_PROCESSING_ERROR: WsErrorMessage = { type: 'exception', data: 'Error processing request' };

const silentLog: WsProtocolLog = { debug: () => {}, warning: () => {} };

/** Handles one incoming text frame. Never throws: bad input is logged and ignored. */
export function handleClientFrame(text: string, view: WsBotView, log: WsProtocolLog = silentLog): WsFrameOutcome {
  return dispatchFrame(text, view, log, {
    message: (m) => m,
    analyzedDf: (pair, analysed, limit) => analyzedDfMessage(pair, analysed, limit),
  });
}

/** How replies are built: as message objects (handleClientFrame) or already encoded (the hubs' cache). */
export interface ReplyBuilder<R> {
  message(m: WsOutgoing): R;
  analyzedDf(pair: string, analysed: AnalyzedPair, limit: number | undefined): R;
}

export interface FrameOutcome<R> {
  subscriptions?: RpcMessageType[];
  replies: R[];
}

/** The protocol's dispatch with the reply representation left to the caller. */
export function dispatchFrame<R>(
  text: string,
  view: WsBotView,
  log: WsProtocolLog,
  build: ReplyBuilder<R>,
): FrameOutcome<R> {
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch {
    log.warning(`Websocket: ignoring a frame that is not JSON (${text.length} chars).`);
    return { replies: [] };
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    log.warning('Websocket: ignoring a frame that is not a JSON object.');
    return { replies: [] };
  }
  const { type, data } = request as { type?: unknown; data?: unknown };
  if (typeof type !== 'string' || !(WS_REQUEST_TYPES as readonly string[]).includes(type)) {
    log.warning(`Websocket: ignoring a request of unknown type ${clip(JSON.stringify(type))}.`);
    return { replies: [] };
  }
  try {
    switch (type as WsRequestType) {
      case 'subscribe':
        return subscribeRequest(data, log);
      case 'whitelist':
        return { replies: [build.message(whitelistMessage(view.whitelist()))] };
      case 'analyzed_df':
        return { replies: analyzedDfReplies(view, data, build) };
    }
  } catch (e) {
    log.warning(`Websocket: error processing a ${type} request: ${clip((e as Error)?.message ?? String(e))}`);
    return { replies: [build.message(WS_PROCESSING_ERROR)] };
  }
  return { replies: [] };
}

/** Replacement semantics; an empty, non-array or partly invalid list leaves the set unchanged. */
function subscribeRequest(data: unknown, log: WsProtocolLog): FrameOutcome<never> {
  if (!Array.isArray(data) || data.length === 0) {
    log.debug('Websocket: ignoring a subscribe request without a list of message types.');
    return { replies: [] };
  }
  if (!data.every(isRpcMessageType)) {
    log.debug(`Websocket: ignoring a subscribe request with an unknown message type: ${clip(JSON.stringify(data))}.`);
    return { replies: [] };
  }
  return { subscriptions: [...new Set(data)], replies: [] };
}

export function whitelistMessage(pairs: string[]): WhitelistMessage {
  return { type: 'whitelist', data: [...pairs] };
}

class RequestError extends Error {}

/**
 * freqtrade's quirk (§15.14): a null or empty `data` sends every cached candle; a non-empty
 * object without `limit` gets the 1500 default; any limit is capped at 1500.
 */
export function analyzedDfLimit(data: unknown): number | undefined {
  if (!isNonEmptyObject(data)) return undefined;
  const raw = (data as { limit?: unknown }).limit;
  if (raw === undefined || raw === null) return MAX_ANALYZED_DF_CANDLES;
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new RequestError(`invalid limit ${JSON.stringify(raw)}`);
  const limit = Math.min(Math.trunc(n), MAX_ANALYZED_DF_CANDLES);
  // freqtrade slices only on a truthy limit, so 0 means "everything"; a negative one is refused here.
  if (limit < 0) throw new RequestError(`invalid limit ${JSON.stringify(raw)}`);
  return limit === 0 ? undefined : limit;
}

function analyzedDfReplies<R>(view: WsBotView, data: unknown, build: ReplyBuilder<R>): R[] {
  const limit = analyzedDfLimit(data);
  const requested = isNonEmptyObject(data) ? (data as { pair?: unknown }).pair : undefined;
  if (requested !== undefined && requested !== null && typeof requested !== 'string') {
    throw new RequestError('pair must be a string');
  }
  const pairs = requested ? [requested] : view.whitelist();
  const out: R[] = [];
  // Pairs that were never analysed are skipped (freqtrade would send an empty frame dated 1970).
  for (const pair of pairs) {
    const analysed = view.analyzed(pair);
    if (analysed) out.push(build.analyzedDf(pair, analysed, limit));
  }
  return out;
}

export function analyzedDfMessage(pair: string, analysed: AnalyzedPair, limit?: number): AnalyzedDfMessage {
  return {
    type: 'analyzed_df',
    data: {
      key: [pair, analysed.timeframe, analysed.candleType],
      df: encodeDataFrame(analysed.frame, limit),
      la: isoformatUtc(analysed.lastAnalyzed),
    },
  };
}

/** Client-controlled text in log lines is cut short. */
function clip(text: string | undefined, max = 120): string {
  if (text === undefined) return 'undefined';
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function isNonEmptyObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0;
}

/** Whether a broadcast goes to a client with these subscriptions. */
export function shouldDeliver(
  subscriptions: ReadonlySet<string> | readonly string[],
  message: { type: string },
): boolean {
  return Array.isArray(subscriptions)
    ? subscriptions.includes(message.type)
    : (subscriptions as ReadonlySet<string>).has(message.type);
}

// ---- DataFrame encoding: pandas `to_json(orient="split")` inside freqtrade's typed wrapper ----

const OHLCV = ['date', 'open', 'high', 'low', 'close', 'volume'] as const;
/** Text columns even when every value is null. */
const TAG_COLUMNS = ['enter_tag', 'exit_tag'];

interface SplitJson {
  columns: string[];
  index: number[];
  data: unknown[][];
}

/** pandas writes NaN and ±inf as null. */
function cell(v: number | string | null | undefined): number | string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  return v;
}

/** The last `limit` rows (all when undefined) as freqtrade's `{"__type__":"dataframe"}` value. */
export function encodeDataFrame(frame: Frame, limit?: number): EncodedDataFrame {
  const n = frame.date.length;
  const start = limit !== undefined && limit > 0 ? Math.max(0, n - limit) : 0;
  const extra = Object.keys(frame.columns);
  const tags = Object.keys(frame.tags);
  const sources: ArrayLike<number | string | null>[] = [
    frame.date,
    frame.open,
    frame.high,
    frame.low,
    frame.close,
    frame.volume,
    ...extra.map((k) => frame.columns[k]),
    ...tags.map((k) => frame.tags[k]),
  ];
  const index: number[] = [];
  const data: unknown[][] = [];
  for (let i = start; i < n; i++) {
    index.push(i);
    const row = new Array(sources.length);
    for (let c = 0; c < sources.length; c++) row[c] = cell(sources[c][i]);
    data.push(row);
  }
  const split: SplitJson = { columns: [...OHLCV, ...extra, ...tags], index, data };
  return { __type__: 'dataframe', __value__: JSON.stringify(split) };
}

/** Decodes an analyzed_df `df` value back into a Frame (numeric columns → columns, text → tags). */
export function decodeDataFrame(encoded: unknown): Frame {
  if (typeof encoded !== 'object' || encoded === null || (encoded as EncodedDataFrame).__type__ !== 'dataframe') {
    throw new Error('not an encoded dataframe');
  }
  const raw = (encoded as EncodedDataFrame).__value__ as unknown;
  const split = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Partial<SplitJson>;
  if (!split || !Array.isArray(split.columns) || !Array.isArray(split.data)) {
    throw new Error('dataframe is not in split orientation');
  }
  const columns = split.columns.map(String);
  const rows = split.data;
  const n = rows.length;
  const column = (c: number): unknown[] => {
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = (rows[i] as unknown[])[c];
    return out;
  };
  const frame: Frame = { date: [], open: [], high: [], low: [], close: [], volume: [], columns: {}, tags: {} };
  columns.forEach((name, c) => {
    const values = column(c);
    if (name === 'date') frame.date = values.map(toEpochMs);
    else if ((OHLCV as readonly string[]).includes(name)) {
      frame[name as Exclude<(typeof OHLCV)[number], 'date'>] = values.map((v) => (typeof v === 'number' ? v : NaN));
    } else if (TAG_COLUMNS.includes(name) || values.some((v) => typeof v === 'string')) {
      frame.tags[name] = values.map((v) => (v === null || v === undefined ? null : String(v)));
    } else {
      frame.columns[name] = values.map((v) => (typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : null));
    }
  });
  if (!columns.includes('date')) throw new Error('dataframe has no date column');
  return frame;
}

function toEpochMs(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    if (Number.isFinite(t)) return t;
  }
  throw new Error(`bad date value ${JSON.stringify(v)}`);
}
