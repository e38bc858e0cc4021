// The same HTTP load as the http part on a 1,000,000-trade database (shorter runs: warm-up 1 s,
// 40 % of the 100k run's duration), each route beside plain node:http serving its bytes, and the
// server's RSS afterwards: what issue 19 calls bounded memory at 1M trades.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext } from '../lib/context.ts';
import { round } from '../lib/stats.ts';
import { copySeeded, DEFAULT_SEED, seededFile } from '../seed.ts';
import { loadRoutes, type RouteLoad } from './http.ts';

export interface BigResult extends RouteLoad {
  seedSeconds: number;
  cached: boolean;
}

export async function runBig(ctx: BenchContext): Promise<BigResult> {
  const seedOpts = { ...DEFAULT_SEED, closedTrades: ctx.opts.bigTrades };
  ctx.log(`seeding ${seedOpts.closedTrades} closed trades (cached under bench/.cache)...`);
  const seeded = await seededFile(seedOpts, ctx.opts.fresh);
  ctx.log(seeded.cached ? '  cached' : `  seeded in ${seeded.seconds.toFixed(1)} s`);
  const dir = mkdtempSync(join(tmpdir(), 'tickhub-bench-big-'));
  try {
    const load = await loadRoutes(ctx, {
      dbFile: copySeeded(seeded.file, dir),
      closedTrades: seedOpts.closedTrades,
      warmupS: 1,
      durationS: Math.max(2, round(ctx.opts.durationS * 0.4, 0)),
      startTimeoutMs: 120_000,
    });
    const { auth: _auth, ...rest } = load;
    return { ...rest, seedSeconds: round(seeded.seconds, 1), cached: seeded.cached };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
