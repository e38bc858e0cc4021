// HTTP load: autocannon against a real `npm start` server over the seeded database, next to a bare
// node:http server answering /ping (the machine's ceiling). autocannon runs in this process; both
// servers are child processes, so the load generator never shares an event loop with a server.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bearerAuth } from '../lib/bench-config.ts';
import type { BenchContext } from '../lib/context.ts';
import { type LoadResult, type LoadRun, mergeRuns, runLoad, runLoadRaw } from '../lib/load.ts';
import { median, round, sleep } from '../lib/stats.ts';
import { startTickhub } from '../lib/tickhub-process.ts';
import { copySeeded, DEFAULT_SEED, seededFile } from '../seed.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

export interface RouteResult extends LoadResult {
  label: string;
  path: string;
  server: 'tickhub' | 'node:http';
  status: number;
  authenticated: boolean;
  bodyBytes: number;
  /** One request on an idle server before the warm-up. */
  firstMs: number;
  /** Median of a few sequential requests on the idle server: the route's own cost. */
  idleMs: number;
  /** Why the 50-connection run was not made (the route is too slow for it to finish in time). */
  loadSkipped?: string;
}

export interface HttpResult {
  database: { closedTrades: number; openTrades: number; file: string; seedSeconds: number; cached: boolean };
  routes: RouteResult[];
  rssIdleSeededMb: number | undefined;
  rssAfterLoadMb: number | undefined;
  startMsSeeded: number;
  auth: string;
  connections: number;
  warmupS: number;
  durationS: number;
}

async function startPlainServer(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [join(HERE, '..', 'servers', 'plain-http.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(String(d).trim()));
    child.once('exit', (code) => reject(new Error(`plain server exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

/** Waits until the server answers /ping quickly again (requests abandoned by the load generator still run). */
async function drain(base: string): Promise<void> {
  const end = performance.now() + 120_000;
  while (performance.now() < end) {
    const t0 = performance.now();
    try {
      await (await fetch(`${base}/api/v1/ping`)).arrayBuffer();
    } catch {}
    if (performance.now() - t0 < 20) return;
    await sleep(200);
  }
}

/** A route slower than this on an idle server is not put under 50 connections: the run could not finish. */
const MAX_IDLE_MS_FOR_LOAD = 250;

async function probe(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; bytes: number; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers });
  const body = await res.arrayBuffer();
  return { status: res.status, bytes: body.byteLength, ms: performance.now() - t0 };
}

export async function runHttp(ctx: BenchContext): Promise<HttpResult> {
  const { opts } = ctx;
  const seedOpts = { ...DEFAULT_SEED, closedTrades: opts.trades };
  ctx.log(`seeding ${opts.trades} closed trades (cached under bench/.cache)...`);
  const seeded = await seededFile(seedOpts, opts.fresh);
  ctx.log(seeded.cached ? 'seeded database: cached' : `seeded in ${seeded.seconds.toFixed(1)} s`);
  const dir = mkdtempSync(join(tmpdir(), 'tickhub-bench-http-'));
  const dbFile = copySeeded(seeded.file, dir);

  const routes: RouteResult[] = [];
  const measure = async (
    label: string,
    base: string,
    path: string,
    server: RouteResult['server'],
    headers: Record<string, string>,
  ) => {
    const first = await probe(base + path, headers);
    if (first.status < 200 || first.status >= 300) ctx.log(`  ${label}: first answer ${first.status}`);
    const idle: number[] = [];
    for (let i = 0; i < 5; i++) idle.push((await probe(base + path, headers)).ms);
    const idleMs = round(median(idle), 2);
    const authenticated = 'authorization' in headers;
    if (idleMs > MAX_IDLE_MS_FOR_LOAD) {
      const why = `one request takes ${idleMs} ms on an idle server; ${opts.connections} connections would queue ≈ ${round((idleMs * opts.connections) / 1000, 1)} s per request`;
      ctx.log(`  ${label}: load run skipped: ${why}`);
      const none = {
        requests: 0,
        reqPerSec: 0,
        p50Ms: Number.NaN,
        p99Ms: Number.NaN,
        maxMs: Number.NaN,
        non2xx: 0,
        errors: 0,
        timeouts: 0,
        durationS: 0,
      };
      record(label, path, server, first, none, authenticated, idleMs, why);
      return;
    }
    const load = { url: base + path, connections: opts.connections, headers };
    await runLoad({ ...load, durationS: opts.warmupS });
    await drain(base);
    const r = await runLoad({ ...load, durationS: opts.durationS });
    record(label, path, server, first, r, authenticated, idleMs);
    await drain(base);
  };

  const record = (
    label: string,
    path: string,
    server: RouteResult['server'],
    first: Awaited<ReturnType<typeof probe>>,
    r: LoadResult,
    authenticated: boolean,
    idleMs = Number.NaN,
    loadSkipped?: string,
  ) => {
    if (!loadSkipped)
      ctx.log(
        `  ${label}: ${r.reqPerSec} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, non-2xx ${r.non2xx}, errors ${r.errors + r.timeouts} (idle ${idleMs} ms)`,
      );
    routes.push({
      label,
      path,
      server,
      status: first.status,
      authenticated,
      bodyBytes: first.bytes,
      firstMs: Math.round(first.ms * 100) / 100,
      idleMs,
      loadSkipped,
      ...r,
    });
  };

  const plain = await startPlainServer();
  let tickhub: Awaited<ReturnType<typeof startTickhub>> | undefined;
  try {
    tickhub = await startTickhub({ dbUrl: `file:${dbFile}` });
    const startMsSeeded = tickhub.startMs;
    await sleep(3000);
    const rssIdleSeededMb = await tickhub.rss();
    const auth = await bearerAuth(tickhub.url);
    const h = { authorization: auth };
    const base = tickhub.url;
    // /ping on both servers, interleaved in two halves each so a noisy moment hits both alike.
    const ping = '/api/v1/ping';
    const targets = [
      { label: '/ping (plain node:http)', url: plain.url + ping, server: 'node:http' as const, runs: [] as LoadRun[] },
      { label: '/ping', url: base + ping, server: 'tickhub' as const, runs: [] as LoadRun[] },
    ];
    const firsts = [await probe(targets[0].url, {}), await probe(targets[1].url, {})];
    for (const t of targets) await runLoad({ url: t.url, connections: opts.connections, durationS: opts.warmupS });
    for (let half = 0; half < 2; half++) {
      for (const t of targets) {
        t.runs.push(await runLoadRaw({ url: t.url, connections: opts.connections, durationS: opts.durationS / 2 }));
      }
    }
    for (const [i, t] of targets.entries()) record(t.label, ping, t.server, firsts[i], mergeRuns(t.runs), false);
    plain.stop();
    await measure('/status', base, '/api/v1/status', 'tickhub', h);
    await measure('/trades?limit=500 (first page)', base, '/api/v1/trades?limit=500&offset=0', 'tickhub', h);
    const tail = Math.max(0, opts.trades - 500);
    await measure(`/trades?limit=500 (offset ${tail})`, base, `/api/v1/trades?limit=500&offset=${tail}`, 'tickhub', h);
    await measure('/profit', base, '/api/v1/profit', 'tickhub', h);
    await measure('/daily?timescale=30', base, '/api/v1/daily?timescale=30', 'tickhub', h);
    await measure('/performance', base, '/api/v1/performance', 'tickhub', h);
    await measure('/show_config', base, '/api/v1/show_config', 'tickhub', h);
    const rssAfterLoadMb = await tickhub.rss();
    return {
      database: {
        closedTrades: opts.trades,
        openTrades: seedOpts.openTrades,
        file: seeded.file,
        seedSeconds: seeded.seconds,
        cached: seeded.cached,
      },
      routes,
      rssIdleSeededMb,
      rssAfterLoadMb,
      startMsSeeded,
      auth: 'Bearer (JWT access token from /token/login)',
      connections: opts.connections,
      warmupS: opts.warmupS,
      durationS: opts.durationS,
    };
  } finally {
    plain.stop();
    await tickhub?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The plain-server ping and tickhub's, for the ratio. */
export function pingPair(r: HttpResult): { plain?: RouteResult; tickhub?: RouteResult } {
  return {
    plain: r.routes.find((x) => x.server === 'node:http'),
    tickhub: r.routes.find((x) => x.server === 'tickhub' && x.path === '/api/v1/ping'),
  };
}

export type { LoadResult };
