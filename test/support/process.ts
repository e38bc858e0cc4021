// Runs the real `npm start` entry point (src/hosts/node.ts) as a child process.

import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const NODE_ENTRY = join(REPO_ROOT, 'src', 'hosts', 'node.ts');
/** What `npm start` runs: the launcher of the bundled entry (dist/node.mjs, rebuilt when stale). */
export const START_ENTRY = join(REPO_ROOT, 'scripts', 'start.mjs');
/** `npm run webserver`'s entry point. */
export const WEBSERVER_ENTRY = join(REPO_ROOT, 'src', 'hosts', 'webserver.ts');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface BotProcess {
  child: ChildProcess;
  output(): string;
  waitFor(re: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

export function startBotProcess(
  args: string[],
  opts: { cwd: string; env?: Record<string, string>; entry?: string },
): BotProcess {
  const child = spawn(process.execPath, [opts.entry ?? NODE_ENTRY, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    // Generous: a first start type-strips every module, which takes over 20 s on a loaded 2-core machine.
    async waitFor(re, timeoutMs = 60_000) {
      const start = Date.now();
      while (!re.test(out)) {
        if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}) before ${re}:\n${out}`);
        if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${re}:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
