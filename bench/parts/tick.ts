// Bot tick: runs servers/tick-runner.ts in a child process and summarises CPU per tick and the
// Bot's own per-phase timings (Bot.lastTickTimings, wall clock).

import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TickTimings } from '../../src/bot/deps.ts';
import type { BenchContext } from '../lib/context.ts';
import { median, percentile, round } from '../lib/stats.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

interface TickSample {
  cpuMs: number;
  wallMs: number;
  timings: TickTimings;
}

export interface TickResult {
  pairs: number;
  candlesPerPair: number;
  strategy: string;
  ticks: number;
  cold: { cpuMs: number; wallMs: number; fetchMs: number; analyseMs: number; decideMs: number };
  steadyCpuP50Ms: number;
  steadyCpuMaxMs: number;
  steadyWallP50Ms: number;
  /** Medians over the steady ticks of the Bot's phases: candles (fetch), analyse, pairlist + orders + exits/entries (decide). */
  fetchP50Ms: number;
  analyseP50Ms: number;
  decideP50Ms: number;
  idleTickCpuMs: number;
  openTrades: number;
}

const decide = (t: TickTimings) => t.pairlist + t.orders + t.decide;

export async function runTick(ctx: BenchContext): Promise<TickResult> {
  const child = fork(join(HERE, '..', 'servers', 'tick-runner.ts'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const raw = await new Promise<{
    pairs: number;
    candlesPerPair: number;
    strategy: string;
    cold: TickSample;
    steady: TickSample[];
    idle: TickSample;
    openTrades: number;
  }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as any));
    child.once('exit', (code) => reject(new Error(`tick runner exited (${code}) without a result`)));
  });
  child.kill();
  const s = raw.steady;
  const r: TickResult = {
    pairs: raw.pairs,
    candlesPerPair: raw.candlesPerPair,
    strategy: raw.strategy,
    ticks: s.length,
    cold: {
      cpuMs: round(raw.cold.cpuMs, 1),
      wallMs: round(raw.cold.wallMs, 1),
      fetchMs: round(raw.cold.timings.candles, 1),
      analyseMs: round(raw.cold.timings.analyse, 1),
      decideMs: round(decide(raw.cold.timings), 1),
    },
    steadyCpuP50Ms: round(median(s.map((x) => x.cpuMs)), 1),
    steadyCpuMaxMs: round(
      percentile(
        s.map((x) => x.cpuMs),
        100,
      ),
      1,
    ),
    steadyWallP50Ms: round(median(s.map((x) => x.wallMs)), 1),
    fetchP50Ms: round(median(s.map((x) => x.timings.candles)), 1),
    analyseP50Ms: round(median(s.map((x) => x.timings.analyse)), 1),
    decideP50Ms: round(median(s.map((x) => decide(x.timings))), 1),
    idleTickCpuMs: round(raw.idle.cpuMs, 1),
    openTrades: raw.openTrades,
  };
  ctx.log(
    `  steady tick: ${r.steadyCpuP50Ms} ms CPU (fetch ${r.fetchP50Ms}, analyse ${r.analyseP50Ms}, decide ${r.decideP50Ms})`,
  );
  return r;
}
