// The one backtest webserver mode runs at a time (freqtrade's ApiBG.bt): what GET /backtest
// reports while it runs, after it ended or failed, and after a reset. The run itself happens in
// the BacktestService (a worker thread on Node), so no request ever waits for it.

import type { BacktestRequest, BacktestResultBody, BacktestService } from './services.ts';

/** FreqUI's BacktestStatus (freqtrade's BacktestResponse). */
export interface BacktestStatus {
  status: string;
  running: boolean;
  status_msg: string;
  step: string;
  progress: number;
  trade_count: number | null;
  backtest_result?: BacktestResultBody;
}

const status = (s: string, msg: string, running = false, step = '', progress = 0): BacktestStatus => ({
  status: s,
  running,
  status_msg: msg,
  step,
  progress,
  trade_count: null,
});

export class BacktestRuns {
  private readonly service: BacktestService;
  private readonly onError: (e: unknown) => void;
  private running = false;
  private step = 'startup';
  private progress = 0;
  private abort: AbortController | undefined;
  /** The last run's outcome: undefined before any run or after a reset. */
  private last: { result?: BacktestResultBody; error?: string } | undefined;

  constructor(service: BacktestService, onError: (e: unknown) => void) {
    this.service = service;
    this.onError = onError;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Starts a run; the caller has checked that none is running. */
  start(request: BacktestRequest): BacktestStatus {
    this.running = true;
    this.step = 'startup';
    this.progress = 0;
    this.last = undefined;
    const abort = new AbortController();
    this.abort = abort;
    const hooks = {
      signal: abort.signal,
      onProgress: (step: string, progress: number) => {
        this.step = step;
        this.progress = progress;
      },
    };
    this.service
      .run(request, hooks)
      .then(
        (result) => {
          this.last = { result };
        },
        (e) => {
          this.onError(e);
          this.last = { error: e instanceof Error ? e.message : String(e) };
        },
      )
      .finally(() => {
        this.running = false;
        this.abort = undefined;
      });
    return status('running', 'Backtest started', true, 'startup', 0);
  }

  current(): BacktestStatus {
    if (this.running) return status('running', 'Backtest running', true, this.step, this.progress);
    if (!this.last) return status('not_started', 'Backtest not yet executed');
    if (this.last.error !== undefined) return status('error', `Backtest failed with ${this.last.error}`);
    const result = this.last.result as BacktestResultBody;
    const trades = Object.values(result.strategy).reduce((n, s) => n + Number(s.total_trades ?? 0), 0);
    return {
      ...status('ended', 'Backtest ended', false, 'finished', 1),
      trade_count: trades,
      backtest_result: result,
    };
  }

  reset(): BacktestStatus {
    if (this.running) return status('running', 'Backtest running', true);
    this.last = undefined;
    return status('reset', 'Backtest reset');
  }

  stop(): BacktestStatus {
    if (!this.running) return status('not_running', 'Backtest ended');
    this.abort?.abort();
    return status('stopping', 'Backtest ended');
  }
}
