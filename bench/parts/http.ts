// HTTP load: autocannon against a real `npm start` server over the seeded database, next to a bare
// node:http server answering /ping and each route's bytes (the machine's ceiling). autocannon runs in this process; both
// servers are child processes, so the load generator never shares an event loop with a server.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bearerAuth } from '../lib/bench-config.ts';
import type { BenchContext } from '../lib/context.ts';
import { type LoadResult, type LoadRun, mergeRuns, runLoad, runLoadRaw } from '../lib/load.ts';
import { median, round, rssMb, sleep } from '../lib/stats.ts';
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
  /** The same body bytes served by a bare node:http server in the same run (the ceiling). */
  plain?: LoadResult;
}

/** One database's HTTP load: every route on tickhub, each beside plain node:http serving the same bytes. */
export interface RouteLoad {
  closedTrades: number;
  routes: RouteResult[];
  rssIdleSeededMb: number | undefined;
  /** Spawn → the first /profit answered (it waits for the start-up report build). */
  reportsReadyMs?: number;
  rssAfterLoadMb: number | undefined;
  /** The plain node:http server's RSS after serving the same load. */
  plainRssAfterLoadMb: number | undefined;
  startMsSeeded: number;
  warmupS: number;
  durationS: number;
}

export interface HttpResult extends RouteLoad {
  database: { closedTrades: number; openTrades: number; file: string; seedSeconds: number; cached: boolean };
  auth: string;
  connections: number;
}

interface PlainServer {
  url: string;
  pid: number;
  /** Serves `body` at `path` from now on. */
  serve(path: string, body: Buffer): Promise<void>;
  stop(): void;
}

async function startPlainServer(): Promise<PlainServer> {
  const child = spawn(process.execPath, [join(HERE, '..', 'servers', 'plain-http.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d) => resolve(String(d).trim()));
    child.once('exit', (code) => reject(new Error(`plain server exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    serve: (path, body) =>
      new Promise<void>((resolve) => {
        child.once('message', () => resolve());
        child.send({ path, body: body.toString('base64') });
      }),
    stop: () => child.kill('SIGTERM'),
  };
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
): Promise<{ status: number; bytes: number; ms: number; body: Buffer }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, bytes: body.byteLength, ms: performance.now() - t0, body };
}

const NO_LOAD: LoadResult = {
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

/** The routes of issue 19's table, by label and path, for a database of `closedTrades` trades. */
export function benchRoutes(closedTrades: number): { label: string; path: string }[] {
  const tail = Math.max(0, closedTrades - 500);
  return [
    { label: '/status', path: '/api/v1/status' },
    { label: '/trades?limit=500 (first page)', path: '/api/v1/trades?limit=500&offset=0' },
    { label: `/trades?limit=500 (offset ${tail})`, path: `/api/v1/trades?limit=500&offset=${tail}` },
    { label: '/profit', path: '/api/v1/profit' },
    { label: '/daily?timescale=30', path: '/api/v1/daily?timescale=30' },
    { label: '/performance', path: '/api/v1/performance' },
    { label: '/show_config', path: '/api/v1/show_config' },
  ];
}

/**
 * `npm start` over `dbFile`, then /ping (interleaved with plain node:http) and every route of
 * issue 19's table under `connections` connections; each route's body is then served by the plain
 * server and loaded the same way for a quarter of the time (the ceiling for those bytes).
 */
export async function loadRoutes(
  ctx: BenchContext,
  run: { dbFile: string; closedTrades: number; warmupS: number; durationS: number; startTimeoutMs?: number },
): Promise<RouteLoad & { auth: string }> {
  const { opts } = ctx;
  const routes: RouteResult[] = [];
  const plain = await startPlainServer();
  let tickhub: Awaited<ReturnType<typeof startTickhub>> | undefined;

  const record = (
    label: string,
    path: string,
    server: RouteResult['server'],
    first: Awaited<ReturnType<typeof probe>>,
    r: LoadResult,
    authenticated: boolean,
    idleMs = Number.NaN,
    loadSkipped?: string,
  ): RouteResult => {
    if (!loadSkipped)
      ctx.log(
        `  ${label}: ${r.reqPerSec} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, non-2xx ${r.non2xx}, errors ${r.errors + r.timeouts} (idle ${idleMs} ms)`,
      );
    const route: RouteResult = {
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
    };
    routes.push(route);
    return route;
  };

  const measure = async (label: string, base: string, path: string, headers: Record<string, string>) => {
    const first = await probe(base + path, headers);
    if (first.status < 200 || first.status >= 300) ctx.log(`  ${label}: first answer ${first.status}`);
    const idle: number[] = [];
    // A route that takes seconds (the 1M-trade database) gets fewer idle calls, to keep the budget.
    for (let i = 0; i < (first.ms > 2000 ? 2 : 5); i++) idle.push((await probe(base + path, headers)).ms);
    const idleMs = round(median(idle), 2);
    let route: RouteResult;
    if (idleMs > MAX_IDLE_MS_FOR_LOAD) {
      const why = `one request takes ${idleMs} ms on an idle server; ${opts.connections} connections would queue ≈ ${round((idleMs * opts.connections) / 1000, 1)} s per request`;
      ctx.log(`  ${label}: load run skipped: ${why}`);
      route = record(label, path, 'tickhub', first, NO_LOAD, true, idleMs, why);
    } else {
      const load = { url: base + path, connections: opts.connections, headers };
      await runLoad({ ...load, durationS: run.warmupS });
      await drain(base);
      const r = await runLoad({ ...load, durationS: run.durationS });
      route = record(label, path, 'tickhub', first, r, true, idleMs);
      await drain(base);
    }
    // The same bytes from plain node:http: what the transport alone allows for this body.
    await plain.serve(path, first.body);
    const plainLoad = { url: plain.url + path, connections: opts.connections };
    await runLoad({ ...plainLoad, durationS: 1 });
    route.plain = await runLoad({ ...plainLoad, durationS: Math.max(1, run.durationS / 4) });
    ctx.log(
      `    plain node:http, same ${first.bytes} bytes: ${route.plain.reqPerSec} req/s, p99 ${route.plain.p99Ms} ms`,
    );
  };

  try {
    tickhub = await startTickhub({ dbUrl: `file:${run.dbFile}`, timeoutMs: run.startTimeoutMs });
    const startMsSeeded = tickhub.startMs;
    await sleep(3000);
    const rssIdleSeededMb = await tickhub.rss();
    const auth = await bearerAuth(tickhub.url);
    const h = { authorization: auth };
    const base = tickhub.url;
    // The routes are measured once the server's start-up work is done: the first /profit waits
    // for the report book, which a large database builds in the background after the start.
    const reportsReady = await probe(`${base}/api/v1/profit`, h);
    const reportsReadyMs = Math.round(performance.now() - tickhub.spawnedAt);
    ctx.log(`  first /profit answered ${reportsReadyMs} ms after spawn (${Math.round(reportsReady.ms)} ms wait)`);
    // /ping on both servers, interleaved in slices of about 2 s so a noisy moment hits both alike.
    const ping = '/api/v1/ping';
    const targets = [
      { label: '/ping (plain node:http)', url: plain.url + ping, server: 'node:http' as const, runs: [] as LoadRun[] },
      { label: '/ping', url: base + ping, server: 'tickhub' as const, runs: [] as LoadRun[] },
    ];
    const firsts = [await probe(targets[0].url, {}), await probe(targets[1].url, {})];
    for (const t of targets) await runLoad({ url: t.url, connections: opts.connections, durationS: run.warmupS });
    const slices = Math.max(2, Math.round(run.durationS / 2));
    for (let slice = 0; slice < slices; slice++) {
      for (const t of targets) {
        t.runs.push(await runLoadRaw({ url: t.url, connections: opts.connections, durationS: run.durationS / slices }));
      }
    }
    const pingResults = targets.map((t, i) => record(t.label, ping, t.server, firsts[i], mergeRuns(t.runs), false));
    pingResults[1].plain = pingResults[0];
    for (const r of benchRoutes(run.closedTrades)) await measure(r.label, base, r.path, h);
    const rssAfterLoadMb = await tickhub.rss();
    const plainRssAfterLoadMb = await rssMb(plain.pid);
    return {
      closedTrades: run.closedTrades,
      routes,
      rssIdleSeededMb,
      reportsReadyMs,
      rssAfterLoadMb,
      plainRssAfterLoadMb,
      startMsSeeded,
      warmupS: run.warmupS,
      durationS: run.durationS,
      auth: 'Bearer (JWT access token from /token/login)',
    };
  } finally {
    plain.stop();
    await tickhub?.stop();
  }
}

export async function runHttp(ctx: BenchContext): Promise<HttpResult> {
  const { opts } = ctx;
  const seedOpts = { ...DEFAULT_SEED, closedTrades: opts.trades };
  ctx.log(`seeding ${opts.trades} closed trades (cached under bench/.cache)...`);
  const seeded = await seededFile(seedOpts, opts.fresh);
  ctx.log(seeded.cached ? 'seeded database: cached' : `seeded in ${seeded.seconds.toFixed(1)} s`);
  const dir = mkdtempSync(join(tmpdir(), 'tickhub-bench-http-'));
  try {
    const dbFile = copySeeded(seeded.file, dir);
    const load = await loadRoutes(ctx, {
      dbFile,
      closedTrades: opts.trades,
      warmupS: opts.warmupS,
      durationS: opts.durationS,
    });
    return {
      ...load,
      database: {
        closedTrades: opts.trades,
        openTrades: seedOpts.openTrades,
        file: seeded.file,
        seedSeconds: seeded.seconds,
        cached: seeded.cached,
      },
      connections: opts.connections,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The plain-server ping and tickhub's, for the ratio. */
export function pingPair(r: RouteLoad): { plain?: RouteResult; tickhub?: RouteResult } {
  return {
    plain: r.routes.find((x) => x.server === 'node:http'),
    tickhub: r.routes.find((x) => x.server === 'tickhub' && x.path === '/api/v1/ping'),
  };
}

export type { LoadResult };
