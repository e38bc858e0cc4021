// Starts `npm run dev:edge` (scripts/dev-edge.ts) on a free port with its state and secrets in a
// temp dir, and stops the whole process group (script, wrangler, workerd) afterwards.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, REPO_ROOT } from '../../support/process.ts';

export interface DevEdge {
  base: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startDevEdge(devVars: Record<string, string>, timeoutMs = 90_000): Promise<DevEdge> {
  const dir = mkdtempSync(join(tmpdir(), 'tickhub-edge-dev-'));
  const varsFile = join(dir, '.dev.vars');
  writeFileSync(
    varsFile,
    Object.entries(devVars)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
    { mode: 0o600 },
  );
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'scripts', 'dev-edge.ts'),
      '--port',
      String(port),
      '--persist-to',
      join(dir, 'state'),
      '--dev-vars',
      varsFile,
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const stop = async () => {
    if (child.pid && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(`${base}/api/v1/ping`);
      return { base, output: () => out, stop };
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
