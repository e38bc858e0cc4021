// The hostile-input suite (issue 18 point 8): the real bot (`npm start`'s entry point) in its own
// process, attacked as an outsider would while a prober times /ping: property-based requests over
// every route of the OpenAPI document (huge, negative and NaN numbers, pathological strings and
// patterns), the findings that once took the bot down, websocket abuse (never-reading clients,
// request floods, oversized frames) and unauthenticated 1 MB uploads. It asserts the process stays
// alive, its peak RSS stays under RSS_BOUND_MB, /ping stays under PING_BOUND_MS, no 500 occurs and
// no stack trace is logged. The figures are printed (and quoted in the note).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { basicAuth } from '../../support/node-server.ts';
import { type BotProcess, freePort, startBotProcess } from '../../support/process.ts';
import { QUIET_STRATEGY_NAME, writeQuietStrategy } from '../../support/quiet-strategy.ts';
import { TEST_WS_TOKEN, testConfig } from '../../support/test-config.ts';
import { READONLY_CONFIG, RO_BASIC } from '../security/support.ts';
import { checkResponse, type FuzzTarget, fuzzOperations, hostileRequest, type OpenApiDocument } from './harness.ts';

/** Peak resident memory of the bot process over its whole life (VmHWM), start-up included. */
const RSS_BOUND_MB = 400;
/**
 * Worst /ping round trip while under attack. Stated for a 2-core machine running the whole test
 * suite (load average ~25 seen): 0.5-1 s is typical there, 1.9 s the worst seen; the attack this
 * guards against held it 31 s.
 */
const PING_BOUND_MS = 5000;
const FUZZ_REQUESTS = Number(process.env.TICKHUB_HOSTILE_RUNS ?? 600);
const FUZZ_CONCURRENCY = 8;

let dir: string;
let bot: BotProcess;
let base: string;
let port: number;
let admin: string;

function procStatus(field: 'VmHWM' | 'VmRSS'): number {
  const m = readFileSync(`/proc/${bot.child.pid}/status`, 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

/** Times /ping in a loop until stopped: the worst round trip is what a trader's UI would have felt. */
function startProber() {
  let stop = false;
  let count = 0;
  let failures = 0;
  let phase = 'start';
  const worstByPhase: Record<string, number> = {};
  const done = (async () => {
    while (!stop) {
      const t = performance.now();
      try {
        const r = await fetch(`${base}/api/v1/ping`, { signal: AbortSignal.timeout(30_000) });
        if (r.status !== 200) failures++;
        await r.text();
      } catch (e) {
        failures++;
        console.log('ping failed', String(e), (e as any)?.cause);
      }
      const took = performance.now() - t;

      worstByPhase[phase] = Math.max(worstByPhase[phase] ?? 0, Math.round(took));
      count++;
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  return {
    phase(name: string) {
      phase = name;
    },
    async stop() {
      stop = true;
      await done;
      return { count, failures, worstByPhase };
    },
  };
}

const totals = { requests: 0, status500: 0, documented500: 0, statuses: {} as Record<number, number> };

function record(status: number): void {
  totals.requests++;
  totals.statuses[status] = (totals.statuses[status] ?? 0) + 1;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickhub-hostile-'));
  writeQuietStrategy(join(dir, 'user_data'));
  port = await freePort();
  const config = testConfig({
    ...READONLY_CONFIG,
    strategy: QUIET_STRATEGY_NAME,
    user_data_dir: join(dir, 'user_data'),
    api_server: { ...READONLY_CONFIG.api_server, listen_port: port, max_body_bytes: 64 * 1024 },
  });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config), { mode: 0o600 });
  bot = startBotProcess(['--config', join(dir, 'config.json')], { cwd: dir });
  await bot.waitFor(/tickhub is running/, 60_000);
  base = `http://127.0.0.1:${port}`;
  admin = basicAuth(config.api_server!.username!, config.api_server!.password!);
}, 90_000);

afterAll(async () => {
  if (bot && bot.child.exitCode === null) {
    bot.child.kill('SIGTERM');
    await bot.exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

async function fuzzEveryRoute(): Promise<void> {
  const doc = (await (await fetch(`${base}/openapi.json`)).json()) as OpenApiDocument;
  const ops = fuzzOperations(doc);
  const target: FuzzTarget = {
    fetch: (path, init) => fetch(base + path, init),
    authorizations: [admin, RO_BASIC],
    rowCounts: async () => ({}),
    maxBodyBytes: 64 * 1024,
  };
  // The same arbitraries as the sequential fuzzer, sampled up front and fired concurrently.
  const cases = ops.flatMap((op, i) =>
    fc.sample(hostileRequest(op, target), {
      numRuns: Math.ceil(FUZZ_REQUESTS / ops.length),
      seed: 18_000 + i,
    }),
  );
  const problems: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: FUZZ_CONCURRENCY }, async () => {
      while (next < cases.length) {
        const req = cases[next++];
        const t0 = performance.now();
        const res = await fetch(base + req.path, { method: req.method, headers: req.headers, body: req.body });
        const text = await res.text();
        slowest.push({
          ms: Math.round(performance.now() - t0),
          what: `${req.method} ${req.path.slice(0, 100)} ${res.status}`,
        });
        record(res.status);
        if (res.status === 500) {
          if (checkResponse(res.status, res.headers.get('content-type'), text) === undefined) totals.documented500++;
          else totals.status500++;
        }
        const problem = checkResponse(res.status, res.headers.get('content-type'), text);
        if (problem) problems.push(`${req.method} ${req.path.slice(0, 160)} → ${problem}`);
      }
    }),
  );
  slowest.sort((a, b) => b.ms - a.ms);
  console.log(`hostile suite: slowest requests ${JSON.stringify(slowest.slice(0, 3))}`);
  expect(problems).toEqual([]);
}
const slowest: { ms: number; what: string }[] = [];

/** The requests that used to hang, blow up or crash the bot: each answered at once, never with a 500. */
async function replayFindings(): Promise<void> {
  const get = async (path: string, auth = RO_BASIC) => {
    const r = await fetch(base + path, { headers: { authorization: auth } });
    record(r.status);
    expect(checkResponse(r.status, r.headers.get('content-type'), await r.text()), path).toBeUndefined();
    return r.status;
  };
  for (const path of [
    '/api/v1/daily?timescale=999999999',
    '/api/v1/daily?timescale=1000000',
    '/api/v1/weekly?timescale=999999999',
    '/api/v1/monthly?timescale=3300000',
    '/api/v1/trades?limit=-1&offset=NaN',
    '/api/v1/pair_history?pair=BTC/USDT&timeframe=5m&timerange=99999999-&strategy=QuietStrategy',
  ]) {
    const started = performance.now();
    await get(path);
    expect(performance.now() - started, path).toBeLessThan(PING_BOUND_MS);
  }
  // a catastrophic pattern is refused or accepted in milliseconds; reading the list stays instant
  for (const pattern of ['(a+)+$', `${'(a*)*'.repeat(8)}b`, '(x+x+)+y', `${'a?'.repeat(50)}${'a'.repeat(50)}`]) {
    const started = performance.now();
    const r = await fetch(`${base}/api/v1/blacklist`, {
      method: 'POST',
      headers: { authorization: admin, 'content-type': 'application/json' },
      body: JSON.stringify({ blacklist: [pattern] }),
    });
    record(r.status);
    expect(checkResponse(r.status, r.headers.get('content-type'), await r.text()), pattern).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(PING_BOUND_MS);
    expect(await get('/api/v1/blacklist')).toBe(200);
  }
}

interface WsOutcome {
  closes: Record<number, number>;
}

function openWs(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/message/ws?token=${TEST_WS_TOKEN}`);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    if (ws.readyState === ws.CLOSED) resolve(1006);
    else ws.once('close', (code) => resolve(code));
  });
}

/** Never-reading clients flooding analyzed_df, whitelist floods and oversized frames. */
async function websocketAbuse(): Promise<WsOutcome> {
  // wait until the bot has analysed its pairs, so analyzed_df answers carry frames
  const probe = await openWs();
  const deadline = Date.now() + 30_000;
  for (let got = false; !got && Date.now() < deadline; ) {
    got = await new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), 1000);
      probe.once('message', (d) => {
        clearTimeout(t);
        resolve(String(d).includes('"analyzed_df"'));
      });
      probe.send(JSON.stringify({ type: 'analyzed_df', data: { limit: 1 } }));
    });
  }
  probe.close();

  const sockets: WebSocket[] = [];
  const never = await Promise.all(Array.from({ length: 30 }, openWs));
  for (const ws of never) {
    (ws as any)._socket.pause();
    for (let i = 0; i < 65; i++) ws.send(JSON.stringify({ type: 'analyzed_df', data: {} }));
  }
  sockets.push(...never);
  const flooders = await Promise.all(Array.from({ length: 10 }, openWs));
  for (const ws of flooders) for (let i = 0; i < 500; i++) ws.send(JSON.stringify({ type: 'whitelist' }));
  sockets.push(...flooders);
  const oversized = await Promise.all(Array.from({ length: 5 }, openWs));
  for (const ws of oversized) ws.send(JSON.stringify({ type: 'whitelist', data: 'z'.repeat(2 * 1024 * 1024) }));
  sockets.push(...oversized);
  // a paused socket sees its close only once it reads again: give the bot time to drop them first
  await new Promise((r) => setTimeout(r, 2000));
  for (const ws of never) (ws as any)._socket.resume();
  const codes = await Promise.all(sockets.map(closed));
  const closes: Record<number, number> = {};
  for (const c of codes) closes[c] = (closes[c] ?? 0) + 1;
  return { closes };
}

/** Unauthenticated 1 MB uploads to audited routes: refused before the body is read. */
async function unauthenticatedUploads(count: number): Promise<void> {
  const body = Buffer.alloc(1024 * 1024, 'u');
  const paths = ['/api/v1/forceenter', '/api/v1/blacklist', '/api/v1/locks', '/api/v1/forceexit'];
  let next = 0;
  const statuses: number[] = [];
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < count) {
        const path = paths[next++ % paths.length];
        statuses.push(
          await new Promise<number>((resolve) => {
            const req = request(`${base}${path}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
            });
            req.on('response', (res) => {
              res.resume();
              res.on('end', () => resolve(res.statusCode ?? 0));
            });
            // the bot may answer and close before the whole upload went out
            req.on('error', () => resolve(0));
            req.end(body);
          }),
        );
      }
    }),
  );
  for (const s of statuses) if (s !== 0) record(s);
  // 413 when the declared length is over max_body_bytes, 401 otherwise: neither reads the body
  expect(statuses.filter((s) => s !== 401 && s !== 413 && s !== 0)).toEqual([]);
}

describe('hostile-input suite (real bot process)', () => {
  it('stays alive, under the memory and /ping bounds, never answers 500 and logs no stack trace', async () => {
    const prober = startProber();
    // The first /exchanges on the offline market makes ccxt's list in a worker thread (it used to
    // import ccxt on the event loop: /ping held 6-7 s). Measured apart: the thread competes for the
    // CPU with everything else on a loaded machine.
    prober.phase('ccxt-load');
    // (on a starved machine the thread may outlast request_timeout_secs: freqtrade's 503, the list
    // still arrives for later calls)
    const exchanges = await fetch(`${base}/api/v1/exchanges`, { headers: { authorization: RO_BASIC } });
    expect([200, 503]).toContain(exchanges.status);
    await exchanges.text();
    const started = performance.now();
    prober.phase('fuzz');
    await fuzzEveryRoute();
    prober.phase('findings');
    await replayFindings();
    prober.phase('websocket');
    const ws = await websocketAbuse();
    prober.phase('uploads');
    await unauthenticatedUploads(200);
    const ping = await prober.stop();
    const seconds = (performance.now() - started) / 1000;
    const peakRss = procStatus('VmHWM');
    const rss = procStatus('VmRSS');

    console.log(
      `hostile suite: ${totals.requests} HTTP requests in ${seconds.toFixed(1)} s, 500s: ${totals.status500} ` +
        `(+${totals.documented500} freqtrade's documented strategy-name 500), statuses ${JSON.stringify(totals.statuses)}; ` +
        `websocket closes ${JSON.stringify(ws.closes)}; peak RSS ${peakRss.toFixed(0)} MB (now ${rss.toFixed(0)} MB); ` +
        `/ping ${ping.count} probes, worst per phase (ms) ${JSON.stringify(ping.worstByPhase)}, ${ping.failures} failed`,
    );
    expect(bot.child.exitCode).toBeNull();
    expect(totals.status500).toBe(0);
    expect(ping.failures).toBe(0);
    const { 'ccxt-load': ccxtLoad, ...underAttack } = ping.worstByPhase;
    expect(ccxtLoad).toBeLessThan(3 * PING_BOUND_MS);
    expect(Math.max(...Object.values(underAttack))).toBeLessThan(PING_BOUND_MS);
    expect(peakRss).toBeLessThan(RSS_BOUND_MB);
    // every abusive websocket was dropped: 1008 (rate, budget), 1009 (frame size) or a cut socket
    const dropped = (ws.closes[1008] ?? 0) + (ws.closes[1009] ?? 0) + (ws.closes[1006] ?? 0);
    expect(dropped).toBe(45);
    const out = bot.output();
    expect(out).not.toMatch(/heap out of memory|Uncaught|\n\s+at .+:\d+:\d+\)?\n/);
    expect(out).not.toMatch(/ - ERROR - /);
    expect((await fetch(`${base}/api/v1/ping`)).status).toBe(200);
  }, 180_000);
});
