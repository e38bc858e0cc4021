// Startup: `npm start` (the real command) with a temp config and a temp user_data dir, timed from
// spawn to the first successful /ping, a few times; then the idle RSS of the server process.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from '../lib/context.ts';
import { median, round, sleep } from '../lib/stats.ts';
import { startTickhub } from '../lib/tickhub-process.ts';

export interface StartupResult {
  runs: number[];
  medianMs: number;
  idleRssMb: number | undefined;
  idleAfterS: number;
  /**
   * Diagnostic: the same entry bundled into one JS file with esbuild (no type stripping, no per-file
   * module resolution), started with node directly. Shows what a build step would save.
   */
  bundled?: { runs: number[]; medianMs: number; idleRssMb: number | undefined; note: string };
  /** Diagnostic: `node src/hosts/node.ts` directly (without npm). */
  directMs?: number;
}

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function bundle(): string | undefined {
  const esbuild = join(REPO, 'node_modules', '.bin', 'esbuild');
  if (!existsSync(esbuild)) return undefined;
  // Under node_modules: linters skip it, and the externals still resolve from the repo's node_modules.
  const out = join(REPO, 'node_modules', '.cache', 'tickhub-bench', 'node.mjs');
  mkdirSync(dirname(out), { recursive: true });
  execFileSync(
    esbuild,
    [
      'src/hosts/node.ts',
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--target=node22',
      '--main-fields=module,main',
      `--outfile=${out}`,
      ...['libsql', '@libsql/*', 'ccxt', 'bufferutil', 'utf-8-validate', 'swagger-ui-dist'].map(
        (x) => `--external:${x}`,
      ),
      "--banner:js=import { createRequire as benchCreateRequire } from 'node:module'; const require = benchCreateRequire(import.meta.url);",
      '--log-level=error',
    ],
    { cwd: REPO },
  );
  return out;
}

export async function runStartup(ctx: BenchContext): Promise<StartupResult> {
  const runs: number[] = [];
  let idleRssMb: number | undefined;
  const idleAfterS = 5;
  for (let i = 0; i < 3; i++) {
    const p = await startTickhub();
    try {
      runs.push(round(p.startMs, 0));
      if (i === 0) {
        await sleep(idleAfterS * 1000);
        idleRssMb = await p.rss();
      }
    } finally {
      await p.stop();
    }
  }
  const r: StartupResult = { runs, medianMs: median(runs), idleRssMb, idleAfterS };
  ctx.log(`  start → first ping: ${runs.join(', ')} ms; idle RSS ${idleRssMb} MB`);
  try {
    const direct = await startTickhub({ nodeEntry: join(REPO, 'src', 'hosts', 'node.ts') });
    r.directMs = round(direct.startMs, 0);
    await direct.stop();
    const entry = bundle();
    if (entry) {
      const bRuns: number[] = [];
      let bRss: number | undefined;
      for (let i = 0; i < 2; i++) {
        const p = await startTickhub({ nodeEntry: entry });
        bRuns.push(round(p.startMs, 0));
        if (i === 0) {
          await sleep(idleAfterS * 1000);
          bRss = await p.rss();
        }
        await p.stop();
      }
      r.bundled = {
        runs: bRuns,
        medianMs: median(bRuns),
        idleRssMb: bRss,
        note: 'esbuild bundle of src/hosts/node.ts',
      };
      ctx.log(`  diagnostic: node directly ${r.directMs} ms; esbuild bundle ${bRuns.join(', ')} ms, RSS ${bRss} MB`);
    }
  } catch (e) {
    ctx.log(`  startup diagnostics failed: ${e instanceof Error ? e.message : e}`);
  }
  return r;
}
