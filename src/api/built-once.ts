// Answers built once (issue 19 point 3). A closed trade does not change, so its JSON (the object
// /trades lists and the one /trade/{id} answers) is serialised once and kept in an LRU bounded in
// bytes. Every write query for a trade or its orders is built by db/repo/trades.ts, which tells
// this cache: the trade's entries are dropped and a generation is bumped. An answer read from the
// database while a write was built is served but not kept, so a kept entry never predates a write.
// Answers that depend on more than the trades (/status: live rates; /show_config: the config and
// the bot's state) are kept under a key of everything they depend on.

import { LRUCache } from 'lru-cache';
import type { Db } from '../db/client.ts';
import { onTradeWrite } from '../db/repo/trades.ts';

/** Default bound of the kept trade JSON (one /trades page of 500 trades is ≈ 1.4 MB). */
export const TRADE_JSON_MAX_BYTES = 32 * 1024 * 1024;

/** Bytes a string takes in memory: one a character for Latin-1 text (all JSON here), else two. */
function bytesOf(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the Latin-1 range is the point
  return /[^\u0000-\u00ff]/.test(text) ? text.length * 2 : text.length;
}

export type TradeShape = 'raw' | 'open';

export class TradeJsonCache {
  private readonly entries: LRUCache<string, string>;
  private gen = 0;

  constructor(db: Db, maxBytes = TRADE_JSON_MAX_BYTES) {
    this.entries = new LRUCache<string, string>({ maxSize: maxBytes, sizeCalculation: (v) => Math.max(1, bytesOf(v)) });
    onTradeWrite(db, (tradeId) => {
      this.gen++;
      this.entries.delete(`raw:${tradeId}`);
      this.entries.delete(`open:${tradeId}`);
    });
  }

  /** Changes whenever a write to a trade or its orders is built: take it before reading the database. */
  get generation(): number {
    return this.gen;
  }

  get(shape: TradeShape, tradeId: number): string | undefined {
    return this.entries.get(`${shape}:${tradeId}`);
  }

  /** Keeps a closed trade's JSON, unless a write was built since `generation` was taken. */
  keep(shape: TradeShape, tradeId: number, json: string, generation: number): void {
    if (generation === this.gen) this.entries.set(`${shape}:${tradeId}`, json);
  }

  /** Bytes held (for tests and diagnostics). */
  get bytes(): number {
    return this.entries.calculatedSize;
  }
}

/**
 * One answer kept under a key: rebuilt when the key changes (compared field by field with ===),
 * and built once for all the requests that arrive while it is being built.
 */
export class KeptAnswer<K extends Record<string, unknown>> {
  private kept: { key: K; text: Promise<string> } | undefined;

  get(key: K, build: () => Promise<string>): Promise<string> {
    const kept = this.kept;
    if (kept && sameKey(kept.key, key)) return kept.text;
    const text = build();
    const entry = { key, text };
    this.kept = entry;
    // A failed build is not kept: the next request tries again.
    text.catch(() => {
      if (this.kept === entry) this.kept = undefined;
    });
    return text;
  }
}

function sameKey(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const k of Object.keys(b)) if (a[k] !== b[k]) return false;
  return true;
}
