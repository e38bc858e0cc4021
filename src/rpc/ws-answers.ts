// Websocket replies encoded once and shared: an analyzed_df answer for a pair is built once per
// analysed candle (and limit) and the same encoded value goes to every client that asks, so N
// clients asking for the same frame cost one encoding and, on Node, one buffer in memory.

import type { AnalyzedPair } from '../strategy/analyze.ts';
import type { Frame } from '../strategy/types.ts';
import {
  analyzedDfMessage,
  dispatchFrame,
  type FrameOutcome,
  type WsBotView,
  type WsOutgoing,
  type WsProtocolLog,
} from './ws-protocol.ts';

/** Limits kept per analysed frame: enough for every real client, few enough that varying `limit` cannot grow memory. */
const VARIANTS_PER_FRAME = 4;

export class EncodedAnswers<T> {
  /**
   * Keyed by the frame object: a new analysis brings a new frame and the old answers go with the old
   * frame. A streaming strategy's frame is extended in place: `lastAnalyzed` in the key tells those apart.
   */
  private readonly byFrame = new WeakMap<Frame, Map<string, T>>();
  private readonly encode: (text: string) => T;
  /** How many analyzed_df answers were encoded (not served from the cache). */
  encodings = 0;

  constructor(encode: (text: string) => T) {
    this.encode = encode;
  }

  analyzedDf(pair: string, analysed: AnalyzedPair, limit: number | undefined): T {
    let variants = this.byFrame.get(analysed.frame);
    if (!variants) {
      variants = new Map();
      this.byFrame.set(analysed.frame, variants);
    }
    const key = JSON.stringify([pair, analysed.timeframe, analysed.candleType, analysed.lastAnalyzed, limit ?? 0]);
    const hit = variants.get(key);
    if (hit !== undefined) return hit;
    const encoded = this.encode(JSON.stringify(analyzedDfMessage(pair, analysed, limit)));
    this.encodings++;
    if (variants.size >= VARIANTS_PER_FRAME) variants.delete(variants.keys().next().value as string);
    variants.set(key, encoded);
    return encoded;
  }

  /** One client frame, with every reply already encoded (analyzed_df answers from the cache). */
  answer(text: string, view: WsBotView, log: WsProtocolLog): FrameOutcome<T> {
    return dispatchFrame(text, view, log, {
      message: (m: WsOutgoing) => this.encode(JSON.stringify(m)),
      analyzedDf: (pair, analysed, limit) => this.analyzedDf(pair, analysed, limit),
    });
  }
}
