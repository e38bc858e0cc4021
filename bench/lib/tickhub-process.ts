// Runs tickhub the way a user does, `npm start -- --config … --user-data-dir …`, as a child
// process: time to first ping, and the RSS of the real server process (not npm's).

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/support/process.ts';
import { writeBenchConfig } from './bench-config.ts';
import { rssMb, sleep } from './stats.ts';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Process groups of servers still running; killed if the bench exits early (Ctrl-C, crash). */
const live = new Set<number>();
let hooked = false;
function track(pgid: number): void {
  live.add(pgid);
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const id of live) {
      try {
        process.kill(-id, 'SIGKILL');
      } catch {}
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
}

export { freePort };

export interface TickhubProcess {
  url: string;
  /** Milliseconds from spawn to the first 200 from /api/v1/ping. */
  startMs: number;
  /** performance.now() at the spawn. */
  spawnedAt: number;
  /** The node process serving HTTP (npm's grandchild). */
  serverPid: number;
  dir: string;
  rss(): Promise<number | undefined>;
  output(): string;
  stop(): Promise<void>;
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {}
  }
  return out;
}

/** Command-line parts of the Node host: `npm start`'s launcher, or the entry run directly. */
const SERVER_MARKERS = ['scripts/start.mjs', 'src/hosts/node.ts'];

/** The descendant of `root` whose command line runs the Node host. */
function findServerPid(root: number, marker: string): number | undefined {
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (comm === 'node' && (SERVER_MARKERS.some((m) => cmd.includes(m)) || cmd.includes(marker))) return pid;
    } catch {}
    queue.push(...childrenOf(pid));
  }
  return undefined;
}

async function pingOnce(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/v1/ping`, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Spawns `npm start` with a temp config and user_data dir (and `dbUrl` when given), waits for
 * the first successful ping. Times out after `timeoutMs`.
 */
type StartOptions = {
  dbUrl?: string;
  timeoutMs?: number;
  configOverrides?: Record<string, unknown>;
  /** Run this JS/TS entry with node directly instead of `npm start` (diagnostics). */
  nodeEntry?: string;
};

/** startTickhub, retried once when the port picked turned out to be taken meanwhile. */
export async function startTickhub(opts: StartOptions = {}): Promise<TickhubProcess> {
  try {
    return await startOnce(opts);
  } catch (e) {
    if (!(e instanceof Error && e.message.includes('EADDRINUSE'))) throw e;
    return startOnce(opts);
  }
}

async function startOnce(
  opts: {
    dbUrl?: string;
    timeoutMs?: number;
    configOverrides?: Record<string, unknown>;
    /** Run this JS/TS entry with node directly instead of `npm start` (diagnostics). */
    nodeEntry?: string;
  } = {},
): Promise<TickhubProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'tickhub-bench-'));
  const port = await freePort();
  const base = writeBenchConfig(dir, opts.configOverrides);
  const { readFileSync: read, writeFileSync } = await import('node:fs');
  const cfg = JSON.parse(read(base, 'utf8'));
  cfg.api_server.listen_port = port;
  writeFileSync(base, JSON.stringify(cfg, null, 2), { mode: 0o600 });
  const hostArgs = ['--config', base, '--user-data-dir', join(dir, 'user_data')];
  if (opts.dbUrl) hostArgs.push('--db-url', opts.dbUrl);
  const [command, args] = opts.nodeEntry
    ? [process.execPath, [opts.nodeEntry, ...hostArgs]]
    : ['npm', ['start', '--', ...hostArgs]];
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const child = spawn(command, args, { cwd: REPO, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  track(child.pid!);
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  let exited = false;
  const exitedP = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const deadline = t0 + (opts.timeoutMs ?? 30_000);
  while (!(await pingOnce(url))) {
    if (exited) throw new Error(`${command} ${args.join(' ')} exited before answering /ping:\n${output.slice(-2000)}`);
    if (performance.now() > deadline) {
      process.kill(-child.pid!, 'SIGKILL');
      throw new Error(`npm start did not answer /ping within ${opts.timeoutMs ?? 30_000} ms:\n${output.slice(-2000)}`);
    }
    await sleep(5);
  }
  const startMs = performance.now() - t0;
  const serverPid = findServerPid(child.pid!, opts.nodeEntry ?? 'src/hosts/node.ts') ?? child.pid!;
  return {
    url,
    startMs,
    spawnedAt: t0,
    serverPid,
    dir,
    rss: () => rssMb(serverPid),
    output: () => output,
    async stop() {
      if (!exited) {
        try {
          process.kill(-child.pid!, 'SIGTERM');
        } catch {}
        const timer = setTimeout(() => {
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {}
        }, 10_000);
        await exitedP;
        clearTimeout(timer);
      }
      live.delete(child.pid!);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
