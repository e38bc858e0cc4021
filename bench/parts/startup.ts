// Startup: `npm start` (the real command) with a temp config and a temp user_data dir, timed from
// spawn to the first successful /ping, a few times; then the idle RSS of the server process.

import type { BenchContext } from '../lib/context.ts';
import { median, round, sleep } from '../lib/stats.ts';
import { startTickhub } from '../lib/tickhub-process.ts';

export interface StartupResult {
  runs: number[];
  medianMs: number;
  idleRssMb: number | undefined;
  idleAfterS: number;
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
  const r = { runs, medianMs: median(runs), idleRssMb, idleAfterS };
  ctx.log(`  start → first ping: ${runs.join(', ')} ms; idle RSS ${idleRssMb} MB`);
  return r;
}
