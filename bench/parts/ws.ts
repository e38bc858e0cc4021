// Websocket fan-out: N `ws` clients subscribed to entry_fill on a tickhub server (child process),
// entry_fill messages published through the server's hub, time until every client has each one.
// Then the same with 10 % of the clients paused (not reading): the readers must stay fast.
// Receive times include this process parsing every frame (all clients share one event loop here),
// so the figures are an upper bound of the server's fan-out time.

import { type ChildProcess, fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { BENCH_WS_TOKEN } from '../lib/bench-config.ts';
import type { BenchContext } from '../lib/context.ts';
import { percentile, round, sleep } from '../lib/stats.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const now = () => performance.timeOrigin + performance.now();

export interface FanoutRound {
  label: string;
  publishes: number;
  receivers: number;
  /** Per publish: time until the last (reading) client had it. */
  allP50Ms: number;
  allP99Ms: number;
  allMaxMs: number;
  /** Per client and publish: delivery latency. */
  eachP50Ms: number;
  eachP99Ms: number;
  missing: number;
  /** Per publish: how long the server's synchronous hub.publish() took (all sends handed to sockets). */
  publishP50Ms: number;
  publishP99Ms: number;
  /** Every publish's all-received time, in order (ms). */
  allMs: number[];
}

export interface WsResult {
  clients: number;
  connectMs: number;
  rounds: FanoutRound[];
  pausedClients: number;
  backlogPerPausedClient: number;
  connectedAfterPaused: number;
  serverRssMb: number;
  skipped?: string;
}

class Client {
  readonly ws: WebSocket;
  readonly got = new Map<number, number>();
  constructor(url: string) {
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    this.ws.on('message', (data) => {
      const at = now();
      const msg = JSON.parse(String(data)) as { type: string; trade_id?: number };
      if (msg.type === 'entry_fill' && msg.trade_id !== undefined) this.got.set(msg.trade_id, at);
    });
  }
  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ws.once('open', () => {
        this.ws.send(JSON.stringify({ type: 'subscribe', data: ['entry_fill'] }));
        resolve();
      });
      this.ws.once('error', reject);
    });
  }
}

function request<T>(child: ChildProcess, msg: object): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    child.send(msg);
  });
}

async function waitFor(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > end) return false;
    await sleep(2);
  }
  return true;
}

/** Publishes `rounds` single messages and measures delivery to `readers`. */
async function fanoutRound(
  child: ChildProcess,
  label: string,
  readers: Client[],
  firstSeq: number,
  rounds: number,
): Promise<FanoutRound> {
  const all: number[] = [];
  const each: number[] = [];
  const pub: number[] = [];
  let missing = 0;
  for (let r = 0; r < rounds; r++) {
    const seq = firstSeq + r;
    const { at, publishMs } = await request<{ at: number; publishMs: number }>(child, { cmd: 'publish', seq });
    pub.push(publishMs);
    const complete = await waitFor(() => readers.every((c) => c.got.has(seq)), 5000);
    let last = 0;
    for (const c of readers) {
      const t = c.got.get(seq);
      if (t === undefined) {
        missing++;
        continue;
      }
      each.push(t - at);
      last = Math.max(last, t - at);
    }
    if (complete) all.push(last);
    await sleep(20);
  }
  return {
    label,
    publishes: rounds,
    receivers: readers.length,
    allP50Ms: round(percentile(all, 50)),
    allP99Ms: round(percentile(all, 99)),
    allMaxMs: round(percentile(all, 100)),
    eachP50Ms: round(percentile(each, 50)),
    eachP99Ms: round(percentile(each, 99)),
    missing,
    publishP50Ms: round(percentile(pub, 50)),
    publishP99Ms: round(percentile(pub, 99)),
    allMs: all.map((x) => round(x, 1)),
  };
}

export async function runWs(ctx: BenchContext): Promise<WsResult> {
  const n = ctx.opts.wsClients;
  // 100 publishes per round, so p99 is a percentile and not the single slowest publish.
  const rounds = 100;
  const child = fork(join(HERE, '..', 'servers', 'ws-host.ts'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const clients: Client[] = [];
  try {
    const hello = await new Promise<{ url?: string; error?: string }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as { url?: string; error?: string }));
      child.once('exit', (code) => reject(new Error(`ws host exited (${code})`)));
    });
    if (!hello.url) {
      return {
        clients: n,
        connectMs: 0,
        rounds: [],
        pausedClients: 0,
        backlogPerPausedClient: 0,
        connectedAfterPaused: 0,
        serverRssMb: 0,
        skipped: hello.error ?? 'no url',
      };
    }
    const wsUrl = `${hello.url.replace('http', 'ws')}/api/v1/message/ws?token=${BENCH_WS_TOKEN}`;
    const t0 = performance.now();
    for (let i = 0; i < n; i += 50) {
      const batch = Array.from({ length: Math.min(50, n - i) }, () => new Client(wsUrl));
      clients.push(...batch);
      await Promise.all(batch.map((c) => c.open()));
    }
    const connectMs = performance.now() - t0;
    ctx.log(`  ${n} clients connected in ${Math.round(connectMs)} ms`);
    // Subscriptions are processed in order after the subscribe frame: probe until everyone has one.
    let probe = 1_000_000;
    while (!(await waitFor(() => clients.every((c) => c.got.has(probe)), 0))) {
      probe++;
      await request(child, { cmd: 'publish', seq: probe });
      await waitFor(() => clients.every((c) => c.got.has(probe)), 500);
    }
    // Warm-up, then the measured rounds.
    await fanoutRound(child, 'warm-up', clients, 2_000_000, 10);
    const all = await fanoutRound(child, `${n} reading clients`, clients, 1, rounds);
    ctx.log(`  all reading: every client p50 ${all.allP50Ms} ms, p99 ${all.allP99Ms} ms`);

    const paused = clients.filter((_, i) => i % 10 === 0);
    const readers = clients.filter((_, i) => i % 10 !== 0);
    for (const c of paused) c.ws.pause();
    // A backlog for the paused clients before measuring: readers drain it, paused ones cannot.
    const backlog = 200;
    await request(child, { cmd: 'publish', seq: 3_000_000, count: backlog });
    await waitFor(() => readers.every((c) => c.got.has(3_000_000 + backlog - 1)), 10_000);
    const mixed = await fanoutRound(child, `${readers.length} readers, ${paused.length} paused`, readers, 1000, rounds);
    ctx.log(`  with paused: every reader p50 ${mixed.allP50Ms} ms, p99 ${mixed.allP99Ms} ms`);
    const stats = await request<{ clients: number; rssMb: number }>(child, { cmd: 'stats' });
    return {
      clients: n,
      connectMs: Math.round(connectMs),
      rounds: [all, mixed],
      pausedClients: paused.length,
      backlogPerPausedClient: backlog + rounds,
      connectedAfterPaused: stats.clients,
      serverRssMb: stats.rssMb,
    };
  } finally {
    for (const c of clients) c.ws.terminate();
    if (child.connected) {
      child.send({ cmd: 'stop' });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
