// The worker thread's side of runAnalysisInWorker: one analysis, its result or error posted back.

import { parentPort, workerData } from 'node:worker_threads';
import { type AnalysisJob, runAnalysisJob } from './analysis-job.ts';

runAnalysisJob(workerData as AnalysisJob).then(
  (result) => parentPort?.postMessage({ type: 'done', result }),
  (e: unknown) => parentPort?.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) }),
);
