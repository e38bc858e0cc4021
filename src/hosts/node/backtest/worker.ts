// Backtests run in a worker thread on Node, so the API, the websocket and a running bot stay
// responsive while a year of candles is replayed (issue 16 point 6).

import { Worker } from 'node:worker_threads';
import type { BacktestProgress } from '../../../backtest/types.ts';
import type { BacktestJob, BacktestJobResult } from './job.ts';
import type { WorkerInput, WorkerMessage } from './worker-entry.ts';

export class BacktestWorkerError extends Error {
  readonly aborted: boolean;
  constructor(message: string, aborted: boolean) {
    super(message);
    this.aborted = aborted;
  }
}

export interface WorkerRunOptions {
  onProgress?: (p: BacktestProgress) => void;
  onWarning?: (message: string) => void;
  /** Aborting stops the run between two candles; the promise rejects with aborted = true. */
  signal?: AbortSignal;
}

export function runBacktestInWorker(job: BacktestJob, options: WorkerRunOptions = {}): Promise<BacktestJobResult> {
  const abort = new SharedArrayBuffer(4);
  const flag = new Int32Array(abort);
  const input: WorkerInput = { job, abort };
  const worker = new Worker(new URL('./worker-entry.ts', import.meta.url), { workerData: input });
  const onAbort = () => Atomics.store(flag, 0, 1);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  return new Promise<BacktestJobResult>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress')
        options.onProgress?.({ step: m.step as BacktestProgress['step'], progress: m.progress, strategy: m.strategy });
      else if (m.type === 'warning') options.onWarning?.(m.message);
      else if (m.type === 'done') finish(() => resolve({ result: m.result, stored: m.stored } as BacktestJobResult));
      else finish(() => reject(new BacktestWorkerError(m.message, m.aborted)));
    });
    worker.on('error', (e) => finish(() => reject(new BacktestWorkerError(e.message, false))));
    worker.on('exit', (code) =>
      finish(() => reject(new BacktestWorkerError(`backtest worker exited with code ${code}`, false))),
    );
  });
}
