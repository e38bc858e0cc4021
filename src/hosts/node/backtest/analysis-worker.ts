// Lookahead and recursive analysis re-run the strategy once per signal or startup length: CPU for
// seconds, so webserver mode runs them in a worker thread like backtests.

import { Worker } from 'node:worker_threads';
import type { AnalysisService } from '../../../api/webserver/services.ts';
import type { Config } from '../../../config/schema.ts';
import type { AnalysisJob, LookaheadResultBody, RecursiveResultBody } from './analysis-job.ts';

type Message = { type: 'done'; result: unknown } | { type: 'error'; message: string };

export function runAnalysisInWorker(job: AnalysisJob): Promise<unknown> {
  const worker = new Worker(new URL('./analysis-worker-entry.ts', import.meta.url), { workerData: job });
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: Message) =>
      finish(() => (m.type === 'done' ? resolve(m.result) : reject(new Error(m.message)))),
    );
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) => finish(() => reject(new Error(`analysis worker exited with code ${code}`))));
  });
}

export function nodeAnalysisService(opts: { config: () => Config; dbUrl: string }): AnalysisService {
  return {
    lookahead: async (req) =>
      (await runAnalysisInWorker({
        kind: 'lookahead',
        config: opts.config(),
        dbUrl: opts.dbUrl,
        strategy: req.strategy,
        timeframe: req.timeframe,
        timerange: req.timerange,
        minimumTradeAmount: req.minimum_trade_amount,
        targetedTradeAmount: req.targeted_trade_amount,
      })) as LookaheadResultBody,
    recursive: async (req) =>
      (await runAnalysisInWorker({
        kind: 'recursive',
        config: opts.config(),
        dbUrl: opts.dbUrl,
        strategy: req.strategy,
        timeframe: req.timeframe,
        timerange: req.timerange,
        startupCandles: req.startup_candle,
      })) as RecursiveResultBody,
  };
}
