// Answers built once (issue 19 point 2). A closed trade does not change, so its JSON (the object
// /trades lists and the one /trade/{id} answers) is serialised once and kept in an LRU bounded in
// bytes; the ids of the closed trades in both /trades orders are kept too, so a page is a slice
// and a concatenation. Every write to a trade or its orders runs through runTradeWrites
// (db/repo/trade-writes.ts), which tells this cache before and after the batch: the trade's
// entries are dropped, and the id lists when the write can change them. A JSON read from the
// database while a write to its trade was running is served but not kept, so a kept entry never
// predates a write. Answers that depend on more than the trades
// (/status: live rates; /show_config: the config and the bot's state) are kept under a key of
// everything they depend on (KeptAnswer).

import { LRUCache } from 'lru-cache';
import type { Db } from '../db/client.ts';
import { onTradeWrites } from '../db/repo/trades.ts';
import { KeptAnswer } from '../reports/kept.ts';
import type { ClosedTradeIds } from '../reports/trades-page.ts';
import type { ApiDeps } from './context.ts';

export { KeptAnswer };

/** Default bound of the kept trade JSON (one /trades page of 500 trades is ≈ 1.4 MB). */
export const TRADE_JSON_MAX_BYTES = 32 * 1024 * 1024;
/** Trades whose last write is remembered (to refuse keeping JSON read before it); older history is dropped whole. */
const WRITES_REMEMBERED = 4096;

/** Bytes a kept answer takes in memory: a string one a character for Latin-1 text (all JSON here), else two. */
function bytesOf(value: string | Uint8Array): number {
  if (typeof value !== 'string') return value.byteLength;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the Latin-1 range is the point
  return /[^\u0000-\u00ff]/.test(value) ? value.length * 2 : value.length;
}

/** A trade's JSON as kept: /trades fragments as UTF-8 bytes (a page is a copy of them), /trade/{id} as text. */
export interface TradeShapes {
  raw: Uint8Array;
  open: string;
}
export type TradeShape = keyof TradeShapes;

/**
 * The key of an answer with live figures (open trades at the tick's rates: /status, /profit):
 * rebuilt after any trade or order write, each tick (it refreshes the rates) and a config reload.
 */
export function liveKey(cache: TradeJsonCache, deps: ApiDeps) {
  return { generation: cache.generation, tick: deps.bot?.lastProcess, config: deps.config(), fiat: deps.fiat?.version };
}

export class TradeJsonCache {
  private readonly entries: LRUCache<string, string | Uint8Array>;
  /** Counts every write built; `lastWrite` maps a trade to the count at its last write. */
  private writes = 0;
  private readonly lastWrite = new Map<number, number>();
  /** Reads that started before this count cannot be checked against `lastWrite` any more. */
  private historyFrom = 0;
  /** Counts writes that can change the closed trades or their order. */
  private reorders = 0;
  private readonly ids = {
    id: new KeptAnswer<{ reorders: number }, ClosedTradeIds>(),
    close: new KeptAnswer<{ reorders: number }, ClosedTradeIds>(),
  };

  constructor(db: Db, maxBytes = TRADE_JSON_MAX_BYTES) {
    this.entries = new LRUCache<string, string | Uint8Array>({
      maxSize: maxBytes,
      sizeCalculation: (v) => Math.max(1, bytesOf(v)),
    });
    const dropped = (tradeIds: readonly number[], reorders: boolean) => {
      this.writes++;
      if (reorders) this.reorders++;
      for (const tradeId of tradeIds) {
        this.entries.delete(`raw:${tradeId}`);
        this.entries.delete(`open:${tradeId}`);
        this.lastWrite.delete(tradeId);
        this.lastWrite.set(tradeId, this.writes);
      }
      if (this.lastWrite.size > WRITES_REMEMBERED) {
        this.lastWrite.clear();
        this.historyFrom = this.writes;
      }
    };
    onTradeWrites(db, {
      writing: dropped,
      written: ({ tradeIds, reorders }) => dropped(tradeIds, reorders),
    });
  }

  /** Take it before reading trades from the database; pass it to keep(). */
  get generation(): number {
    return this.writes;
  }

  get<S extends TradeShape>(shape: S, tradeId: number): TradeShapes[S] | undefined {
    return this.entries.get(`${shape}:${tradeId}`) as TradeShapes[S] | undefined;
  }

  /** Keeps a closed trade's JSON, unless a write to that trade was built since `generation` was taken. */
  keep<S extends TradeShape>(shape: S, tradeId: number, json: TradeShapes[S], generation: number): void {
    if (generation < this.historyFrom) return;
    if ((this.lastWrite.get(tradeId) ?? 0) > generation) return;
    this.entries.set(`${shape}:${tradeId}`, json);
  }

  /** The closed trades' ids in a /trades order, loaded once until a write changes them. */
  closedIds(order: 'id' | 'close', load: () => Promise<ClosedTradeIds>): Promise<ClosedTradeIds> {
    return this.ids[order].get({ reorders: this.reorders }, load);
  }

  /** Bytes of JSON held (tests, diagnostics). */
  get bytes(): number {
    return this.entries.calculatedSize;
  }
}
