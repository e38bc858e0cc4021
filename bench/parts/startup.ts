// Startup: `npm start` (the real command: its launcher runs the esbuild bundle dist/node.mjs) with a
// temp config and a temp user_data dir, timed from spawn to the first successful /ping, a few
// times; then the idle RSS of the server process. Beside it, the same for a bare node:http server
// (started with node directly, so without npm's own start-up) from the same run.

import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_FILE, buildBundle, MANIFEST_FILE, ROOT } from '../../scripts/build-bundle.ts';
import { staleReason } from '../../scripts/start.mjs';
import type { BenchContext } from '../lib/context.ts';
import { median, round, rssMb, sleep } from '../lib/stats.ts';
import { startTickhub } from '../lib/tickhub-process.ts';

export interface StartupResult {
  runs: number[];
  medianMs: number;
  idleRssMb: number | undefined;
  idleAfterS: number;
  /** What the launcher found before the runs: fresh, or the reason it was rebuilt here (not timed). */
  bundle: string;
  /** Diagnostic: `node src/hosts/node.ts` directly (the TypeScript sources, without npm). */
  directMs?: number;
  /** A bare node:http server answering /ping, started with node: spawn → first 200, and its idle RSS. */
  plain?: { runs: number[]; medianMs: number; idleRssMb: number | undefined };
}

const HERE = dirname(fileURLToPath(import.meta.url));

async function plainStart(): Promise<{ ms: number; rss(): Promise<number | undefined>; stop(): void }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(HERE, '..', 'servers', 'plain-http.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d) => resolve(String(d).trim()));
    child.once('exit', (code) => reject(new Error(`plain server exited (${code})`)));
  });
  while (
    !(await fetch(`http://127.0.0.1:${port}/api/v1/ping`).then(
      (r) => r.ok,
      () => false,
    ))
  )
    await sleep(5);
  return { ms: round(performance.now() - t0, 0), rss: () => rssMb(child.pid!), stop: () => child.kill('SIGTERM') };
}

export async function runStartup(ctx: BenchContext): Promise<StartupResult> {
  // The runs time a start with an up-to-date bundle; a rebuild (after a source change) is not timed.
  const reason = staleReason(ROOT, BUNDLE_FILE, MANIFEST_FILE);
  if (reason) {
    const b = await buildBundle();
    ctx.log(`  bundle rebuilt first (${reason}) in ${b.ms} ms`);
  }
  const runs: number[] = [];
  let idleRssMb: number | undefined;
  const idleAfterS = 5;
  for (let i = 0; i < 3; i++) {
    const p = await startTickhub();
    try {
      runs.push(round(p.startMs, 0));
      if (p.output().includes('running the sources')) throw new Error(`npm start ran the sources:\n${p.output()}`);
      if (i === 0) {
        await sleep(idleAfterS * 1000);
        idleRssMb = await p.rss();
      }
    } finally {
      await p.stop();
    }
  }
  const r: StartupResult = {
    runs,
    medianMs: median(runs),
    idleRssMb,
    idleAfterS,
    bundle: reason ? `rebuilt before the runs (${reason})` : 'up to date',
  };
  ctx.log(`  start → first ping: ${runs.join(', ')} ms; idle RSS ${idleRssMb} MB`);
  const plainRuns: number[] = [];
  let plainRss: number | undefined;
  for (let i = 0; i < 3; i++) {
    const p = await plainStart();
    plainRuns.push(p.ms);
    if (i === 0) {
      await sleep(idleAfterS * 1000);
      plainRss = await p.rss();
    }
    p.stop();
  }
  r.plain = { runs: plainRuns, medianMs: median(plainRuns), idleRssMb: plainRss };
  ctx.log(`  plain node:http: ${plainRuns.join(', ')} ms; idle RSS ${plainRss} MB`);
  try {
    const direct = await startTickhub({ nodeEntry: join(ROOT, 'src', 'hosts', 'node.ts') });
    r.directMs = round(direct.startMs, 0);
    await direct.stop();
    ctx.log(`  diagnostic: the sources with node directly ${r.directMs} ms`);
  } catch (e) {
    ctx.log(`  startup diagnostic failed: ${e instanceof Error ? e.message : e}`);
  }
  return r;
}
