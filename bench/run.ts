// `npm run bench [-- --only http,ws] [--big | --no-big] [...]`: runs the benchmarks and writes
// bench/results/<YYYY-MM-DD>.md (the report) and .json (every figure). Not part of `npm test`.
//
// Flags: --only startup,tick,http,ws,big   parts to run (default: all)
//        --big / --no-big                  force / skip the 1M-trade reports (default: run when it fits the budget)
//        --trades N (100000)  --big-trades N (1000000)  --connections N (50)  --clients N (1000)
//        --warmup S (3)  --duration S (10)  --budget S (600)  --fresh (reseed)  --out DIR
//        --render FILE.json   rewrite the .md of an earlier run from its .json (no benchmark)

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchContext, BenchOptions } from './lib/context.ts';
import { machineInfo } from './lib/machine.ts';
import { figures, markdown, type Results } from './lib/report.ts';
import { runBacktestBench } from './parts/backtest.ts';
import { runBig } from './parts/big.ts';
import { runHttp } from './parts/http.ts';
import { runStartup } from './parts/startup.ts';
import { runTick } from './parts/tick.ts';
import { runWs } from './parts/ws.ts';
import { BENCH_DIR, CACHE_DIR, cacheKey, DEFAULT_SEED } from './seed.ts';

const PARTS = ['startup', 'tick', 'backtest', 'http', 'ws', 'big'] as const;

function options(): BenchOptions & { out: string; render?: string } {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      big: { type: 'boolean' },
      'no-big': { type: 'boolean' },
      trades: { type: 'string', default: '100000' },
      'big-trades': { type: 'string', default: '1000000' },
      connections: { type: 'string', default: '50' },
      clients: { type: 'string', default: '1000' },
      warmup: { type: 'string', default: '3' },
      duration: { type: 'string', default: '10' },
      budget: { type: 'string', default: '600' },
      fresh: { type: 'boolean', default: false },
      out: { type: 'string', default: join(BENCH_DIR, 'results') },
      render: { type: 'string' },
    },
    strict: true,
  });
  const only = new Set(values.only ? values.only.split(',').map((s) => s.trim()) : PARTS);
  for (const p of only)
    if (!(PARTS as readonly string[]).includes(p)) throw new Error(`unknown part "${p}" (${PARTS.join(', ')})`);
  return {
    only,
    big: values.big ? 'force' : values['no-big'] ? 'skip' : 'auto',
    trades: Number(values.trades),
    bigTrades: Number(values['big-trades']),
    connections: Number(values.connections),
    wsClients: Number(values.clients),
    warmupS: Number(values.warmup),
    durationS: Number(values.duration),
    budgetS: Number(values.budget),
    fresh: values.fresh,
    out: values.out,
    render: values.render,
  };
}

/** Whether the 1M-trade part fits what is left of the budget (seeding dominates; cached files are cheap). */
function bigFits(ctx: BenchContext, seededRateS: number | undefined): { ok: boolean; why: string } {
  const file = join(CACHE_DIR, `${cacheKey({ ...DEFAULT_SEED, closedTrades: ctx.opts.bigTrades })}.sqlite`);
  if (existsSync(file) && !ctx.opts.fresh) return { ok: true, why: 'cached' };
  // Seconds per 100k trades: measured in this run when the 100k file was seeded, else a cautious guess.
  const per100k = seededRateS ?? 30;
  const estimate = (per100k * ctx.opts.bigTrades) / 100_000 + 60;
  if (estimate < ctx.remainingS()) return { ok: true, why: `estimated ${Math.round(estimate)} s fits` };
  return {
    ok: false,
    why: `seeding ${ctx.opts.bigTrades} trades would take about ${Math.round(estimate)} s, ${Math.round(ctx.remainingS())} s of the ${ctx.opts.budgetS} s budget left; run with --big (the seeded file is cached afterwards)`,
  };
}

async function main(): Promise<void> {
  const opts = options();
  if (opts.render) {
    const results = JSON.parse(readFileSync(opts.render, 'utf8')) as Results;
    results.figures = figures(results);
    writeFileSync(opts.render.replace(/\.json$/, '.md'), markdown(results));
    writeFileSync(opts.render, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`rewrote ${opts.render.replace(/\.json$/, '.md')}`);
    return;
  }
  const startedAt = Date.now();
  const ctx: BenchContext = {
    opts,
    startedAt,
    log: (msg) => console.log(`[${((Date.now() - startedAt) / 1000).toFixed(0).padStart(3)} s] ${msg}`),
    remainingS: () => opts.budgetS - (Date.now() - startedAt) / 1000,
  };
  const date = new Date().toISOString().slice(0, 10);
  const results: Results = {
    date,
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: machineInfo(),
    totalSeconds: 0,
    parts: PARTS.filter((p) => opts.only.has(p)),
    skipped: {},
    errors: {},
    figures: [],
  };
  const part = async <T>(name: string, run: () => Promise<T>): Promise<T | undefined> => {
    ctx.log(`${name}...`);
    try {
      return await run();
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      results.errors[name] = msg.split('\n')[0];
      ctx.log(`${name} failed: ${e instanceof Error ? (e.stack ?? msg) : msg}`);
      return undefined;
    }
  };
  // Quiet parts first (start-up and the tick are sensitive to leftovers of the load tests).
  if (opts.only.has('startup')) results.startup = await part('startup', () => runStartup(ctx));
  if (opts.only.has('tick')) results.tick = await part('tick', () => runTick(ctx));
  if (opts.only.has('backtest')) results.backtest = await part('backtest', () => runBacktestBench(ctx));
  if (opts.only.has('http')) results.http = await part('http', () => runHttp(ctx));
  if (opts.only.has('ws')) results.ws = await part('ws', () => runWs(ctx));
  if (opts.only.has('big')) {
    const seeded = results.http?.database;
    const rate = seeded && !seeded.cached ? (seeded.seedSeconds * 100_000) / seeded.closedTrades : undefined;
    const fit =
      opts.big === 'force'
        ? { ok: true, why: 'forced' }
        : opts.big === 'skip'
          ? { ok: false, why: 'run with --big' }
          : bigFits(ctx, rate);
    if (fit.ok) results.big = await part('big', () => runBig(ctx));
    else {
      results.skipped.big = fit.why;
      ctx.log(`big: skipped: ${fit.why}`);
    }
  }
  results.totalSeconds = (Date.now() - startedAt) / 1000;
  results.loadAverageAtEnd = loadavg().map((v) => Math.round(v * 100) / 100);
  results.figures = figures(results);
  mkdirSync(opts.out, { recursive: true });
  const suffix = results.parts.length === PARTS.length ? '' : `-only-${results.parts.join('-')}`;
  const base = join(opts.out, `${date}${suffix}`);
  const md = markdown(results);
  writeFileSync(`${base}.md`, md);
  writeFileSync(`${base}.json`, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${md}`);
  console.log(`wrote ${base}.md and ${base}.json (${Math.round(results.totalSeconds)} s)`);
}

await main();
