// The bot's in-memory working state between ticks. Everything here can be rebuilt from the
// database and the exchange after a restart.

import type { CandleStore } from '../exchange/candle-store.ts';
import type { AnalyzedStore } from '../strategy/analyze.ts';
import type { KeptFrames } from '../strategy/streaming.ts';

export interface EngineRuntime {
  whitelist: string[];
  /** Configured plus runtime-added blacklist entries (persisted). */
  blacklist: string[];
  candles: CandleStore;
  analyzed: AnalyzedStore;
  /** Each pair's analysed frame of a streaming strategy, extended in place between ticks. */
  kept: KeptFrames;
  /** Open time of the newest analysed candle per pair. */
  lastCandle: Map<string, number>;
}
