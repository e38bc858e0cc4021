// The worker thread's side of runBacktestInWorker: runs one job and posts progress, warnings and
// the result (or the error) back. Abort is a shared flag the engine checks between candles.

import { parentPort, workerData } from 'node:worker_threads';
import type { BacktestJob } from './job.ts';
import { runBacktestJob } from './job.ts';

export interface WorkerInput {
  job: BacktestJob;
  abort: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'progress'; step: string; progress: number; strategy?: string }
  | { type: 'warning'; message: string }
  | { type: 'done'; result: unknown; stored: unknown }
  | { type: 'error'; message: string; aborted: boolean };

export class BacktestAborted extends Error {
  constructor() {
    super('Stop requested');
  }
}

const { job, abort } = workerData as WorkerInput;
const flag = new Int32Array(abort);
const post = (m: WorkerMessage) => parentPort?.postMessage(m);

runBacktestJob(
  job,
  (p) => post({ type: 'progress', ...p }),
  (message) => post({ type: 'warning', message }),
  () => {
    if (Atomics.load(flag, 0) !== 0) throw new BacktestAborted();
  },
).then(
  ({ result, stored }) => post({ type: 'done', result, stored }),
  (e: unknown) =>
    post({ type: 'error', message: e instanceof Error ? e.message : String(e), aborted: e instanceof BacktestAborted }),
);
