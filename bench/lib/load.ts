// One autocannon run (programmatic API) with our own sub-millisecond latency samples: autocannon's
// histogram keeps whole milliseconds, too coarse for a 10 ms target.

import autocannon from 'autocannon';
import { percentile, round } from './stats.ts';

export interface LoadResult {
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationS: number;
}

/** Raw 2xx latencies (ms) of a run, for merging runs. */
export interface LoadRun {
  result: LoadResult;
  latencies: number[];
  elapsedS: number;
}

/** One result from several runs of the same target (interleaved with another target's runs). */
export function mergeRuns(runs: LoadRun[]): LoadResult {
  const latencies = runs.flatMap((r) => r.latencies);
  const elapsed = runs.reduce((a, r) => a + r.elapsedS, 0);
  const sum = (f: (r: LoadResult) => number) => runs.reduce((a, r) => a + f(r.result), 0);
  return {
    requests: sum((r) => r.requests),
    reqPerSec: round(latencies.length / elapsed, 0),
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    maxMs: round(percentile(latencies, 100), 2),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    durationS: round(elapsed, 1),
  };
}

export async function runLoad(opts: {
  url: string;
  connections: number;
  durationS: number;
  headers?: Record<string, string>;
}): Promise<LoadResult> {
  return (await runLoadRaw(opts)).result;
}

export async function runLoadRaw(opts: {
  url: string;
  connections: number;
  durationS: number;
  headers?: Record<string, string>;
}): Promise<LoadRun> {
  const latencies: number[] = [];
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        duration: opts.durationS,
        headers: opts.headers,
        timeout: 10,
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
  const elapsed = (performance.now() - started) / 1000;
  const summary: LoadResult = {
    requests: result.requests.total,
    reqPerSec: round(latencies.length / elapsed, 0),
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    maxMs: round(percentile(latencies, 100), 2),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS: round(elapsed, 1),
  };
  return { result: summary, latencies, elapsedS: elapsed };
}
