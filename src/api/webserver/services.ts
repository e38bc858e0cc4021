// What webserver mode (`npm run webserver`) gives the API besides the shared deps: the job
// registry, markets per exchange selection, and the backtest runner. Hosts build it.

import type { Exchange } from '../../exchange/port.ts';
import type {
  LookaheadAnalysisPayload,
  LookaheadResult,
  RecursiveAnalysisPayload,
  RecursiveResult,
} from '../wire/index.ts';
import type { BackgroundJobs } from './jobs.ts';

/** FreqUI's ExchangeSelectPayload: which exchange and trading mode a webserver request is about. */
export interface MarketSelection {
  exchange?: string | null;
  trading_mode?: string | null;
  margin_mode?: string | null;
}

export interface WebserverServices {
  jobs: BackgroundJobs;
  /** The market-data exchange for a selection (default: the config's), markets loaded; cached per selection. */
  market(selection: MarketSelection): Promise<Exchange>;
  /** Backtests (absent: the backtest routes answer 503). */
  backtests?: BacktestService;
  /** Lookahead and recursive analysis (absent: their routes answer 503). */
  analysis?: AnalysisService;
}

/** Bias checks of a strategy over the candle store, off the event loop (2.49). */
export interface AnalysisService {
  lookahead(request: LookaheadAnalysisPayload): Promise<LookaheadResult>;
  recursive(request: RecursiveAnalysisPayload): Promise<RecursiveResult>;
}

/** FreqUI's BacktestPayload (freqtrade's BacktestRequest). */
export interface BacktestRequest {
  strategy: string;
  timerange?: string | null;
  timeframe?: string | null;
  timeframe_detail?: string | null;
  max_open_trades?: number | null;
  stake_amount?: string | number | null;
  dry_run_wallet?: number | null;
  enable_protections: boolean;
  backtest_cache?: string | null;
  freqaimodel?: string | null;
}

export interface BacktestRunHooks {
  onProgress(step: string, progress: number): void;
  /** Aborting stops the run between candles; the run then rejects. */
  signal: AbortSignal;
}

/** One strategy's entry of the result history (freqtrade's BacktestHistoryEntry). */
export interface BacktestHistoryEntry {
  filename: string;
  strategy: string;
  run_id: string;
  backtest_start_time: number;
  notes: string;
  backtest_start_ts: number | null;
  backtest_end_ts: number | null;
  timeframe: string | null;
  timeframe_detail: string | null;
}

/** freqtrade's backtest result: { metadata, strategy, strategy_comparison } per strategy name. */
export interface BacktestResultBody {
  metadata: Record<string, Record<string, unknown>>;
  strategy: Record<string, Record<string, unknown>>;
  strategy_comparison: Record<string, unknown>[];
}

/** Backtests and their saved results (user_data/backtest_results on Node). */
export interface BacktestService {
  /** Runs one backtest off the event loop; the result is saved and its metadata names the file. */
  run(request: BacktestRequest, hooks: BacktestRunHooks): Promise<BacktestResultBody>;
  history(): Promise<BacktestHistoryEntry[]>;
  /** One strategy of a saved result; undefined when the file (or the strategy in it) does not exist. */
  historyResult(filename: string, strategy: string): Promise<BacktestResultBody | undefined>;
  /** The trades and starting balance of one strategy of a saved result (for its wallet curve). */
  walletSource(
    filename: string,
    strategy: string,
  ): Promise<{ startingBalance: number; trades: { close_timestamp: number; profit_abs: number }[] } | undefined>;
  /** The market change saved with a result (columns, length, data); undefined when there is none. */
  marketChange(
    filename: string,
  ): Promise<{ columns: string[]; length: number; data: (string | number)[][] } | undefined>;
  /** Deletes a saved result; false when there is no such file. */
  deleteResult(filename: string): Promise<boolean>;
  /** Sets the notes of one strategy; undefined: no such file; throws Error when the strategy is not in it. */
  updateNotes(filename: string, strategy: string, notes: string): Promise<BacktestHistoryEntry[] | undefined>;
}
