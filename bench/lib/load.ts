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

export async function runLoad(opts: {
  url: string;
  connections: number;
  durationS: number;
  headers?: Record<string, string>;
}): Promise<LoadResult> {
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
  return {
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
}
