// What a user meets around the bot's life: a busy port, a second bot on the same database, a bot
// killed hard, and `npm start` stopped by SIGTERM/SIGINT. All as real child processes.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotProcess, freePort, REPO_ROOT, startBotProcess } from '../../support/process.ts';

const dirs: string[] = [];
const procs: BotProcess[] = [];
const servers: Server[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tickhub-life-'));
  dirs.push(d);
  return d;
}
function bot(cwd: string, port: number, args: string[] = []): BotProcess {
  const p = startBotProcess(args, { cwd, env: { TICKHUB__API_SERVER__LISTEN_PORT: String(port) } });
  procs.push(p);
  return p;
}
/** stderr/stdout lines of a failed start, minus npm's and Node's own noise. */
const lines = (out: string) => out.split('\n').filter((l) => l.trim() !== '');
async function refused(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/api/v1/ping`).then(
    () => false,
    () => true,
  );
}

afterEach(async () => {
  for (const p of procs.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      p.child.kill('SIGKILL');
      await p.exited;
    }
  }
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('a busy port', () => {
  it('stops the start with one line naming the port and how to change it, no stack trace', async () => {
    const blocker = createServer();
    servers.push(blocker);
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const cwd = tempDir();
    const p = bot(cwd, port);
    expect(await p.exited).toBe(1);
    const errors = lines(p.output()).filter((l) => !/ - (INFO|WARNING) - /.test(l));
    expect(errors).toEqual([
      `Port ${port} on 127.0.0.1 is already in use (another tickhub or freqtrade?): stop it, or choose another port ` +
        'with api_server.listen_port in the config or TICKHUB__API_SERVER__LISTEN_PORT.',
    ]);
    expect(p.output()).not.toMatch(/\n\s+at /);
    // Nothing left behind: the database lock went with the failed start.
    expect(existsSync(join(cwd, 'user_data', 'tradesv3.sqlite.lock'))).toBe(false);
  });
});

describe('one bot per database file', () => {
  it('refuses a second bot on the same database, naming the file; a bot killed hard leaves a lock the next start takes over', async () => {
    const cwd = tempDir();
    const first = bot(cwd, await freePort());
    await first.waitFor(/tickhub is running/, 60_000);
    expect(existsSync(join(cwd, 'user_data', 'tradesv3.sqlite.lock'))).toBe(true);

    const second = bot(cwd, await freePort());
    expect(await second.exited).toBe(1);
    const out = second.output();
    expect(out).toContain(`Database user_data/tradesv3.sqlite is in use by another bot (pid ${first.child.pid} on `);
    expect(out).toContain('lock file user_data/tradesv3.sqlite.lock');
    expect(out).not.toMatch(/\n\s+at /);
    expect(first.child.exitCode).toBeNull();

    // Killed hard, it leaves its lock behind; the next start takes it over and says so.
    first.child.kill('SIGKILL');
    await first.exited;
    expect(existsSync(join(cwd, 'user_data', 'tradesv3.sqlite.lock'))).toBe(true);
    const again = bot(cwd, await freePort());
    await again.waitFor(/tickhub is running/, 60_000);
    expect(again.output()).toMatch(
      new RegExp(
        `WARNING - Took over the stale lock user_data/tradesv3.sqlite.lock \\(its bot is gone\\): .*"pid":${first.child.pid}`,
      ),
    );
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    expect(existsSync(join(cwd, 'user_data', 'tradesv3.sqlite.lock'))).toBe(false);
  }, 240_000);
});

/** The one process whose parent is `pid` (Linux /proc). */
function childOf(pid: number): number {
  const children = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    });
  expect(children).toHaveLength(1);
  return Number(children[0]);
}

function environOf(pid: number): Record<string, string> {
  const entries = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
  return Object.fromEntries(entries.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
}

describe('npm start and signals', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} to npm stops the server: nothing left listening, the lock released`, async () => {
      const userData = tempDir();
      const port = await freePort();
      const npm = spawn('npm', ['start', '--', '--user-data-dir', userData], {
        cwd: REPO_ROOT,
        env: { ...process.env, TICKHUB__API_SERVER__LISTEN_PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      npm.stdout.on('data', (d) => {
        out += d;
      });
      npm.stderr.on('data', (d) => {
        out += d;
      });
      // 'close': npm and the node it started have both let go of the pipes.
      const exited = new Promise<number | null>((r) => npm.on('close', (code) => r(code)));
      const deadline = Date.now() + 60_000;
      while (!out.includes('tickhub is running')) {
        if (npm.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await refused(port)).toBe(false);
      if (process.platform === 'linux' && process.env.MALLOC_ARENA_MAX === undefined) {
        // package.json's script caps glibc's arenas for the server it starts (npm's direct child).
        expect(environOf(childOf(npm.pid!)).MALLOC_ARENA_MAX).toBe('2');
      }

      npm.kill(signal);
      await exited;
      expect(out).toContain(`${signal} received, shutting down...`);
      expect(out).toContain('Shut down cleanly.');
      expect(await refused(port)).toBe(true);
      expect(existsSync(join(userData, 'tradesv3.sqlite.lock'))).toBe(false);
    });
  }
});
