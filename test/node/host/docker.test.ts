// Dockerfile and docker-compose.yml. No container tool can run an image on this machine (podman
// installs, but crun may not set rlimits here, and no registry is reachable for node:22), so the
// files are linted here, and the image's own entrypoint, environment and healthcheck command are
// run as plain processes.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { freePort, REPO_ROOT } from '../../support/process.ts';

interface Instruction {
  op: string;
  args: string;
}

/** Dockerfile instructions: continuations joined, comments dropped. */
function instructions(text: string): Instruction[] {
  const joined = text
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [op = '', ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

const dockerfile = instructions(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'));
const compose = parse(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Record<string, unknown>>;
};
const runtimeStage = dockerfile.slice(dockerfile.findLastIndex((i) => i.op === 'FROM'));
const jsonArgs = (op: string) => JSON.parse(runtimeStage.find((i) => i.op === op)?.args ?? 'null') as string[];
const healthcheck = runtimeStage.find((i) => i.op === 'HEALTHCHECK')?.args ?? '';
const healthCmd = JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD ') + 4)) as string[];
const envOf = (stage: Instruction[]) =>
  Object.fromEntries(
    stage
      .filter((i) => i.op === 'ENV')
      .flatMap((i) => [...i.args.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1] ?? '', m[2] ?? ''])),
  );

describe('Dockerfile', () => {
  it("freqtrade's layout: node 22 base, a deps stage with npm ci from the lock, a non-root runtime", () => {
    const froms = dockerfile.filter((i) => i.op === 'FROM').map((i) => i.args);
    expect(froms[0]).toMatch(/^node:22-bookworm-slim AS base$/);
    expect(froms.slice(1)).toEqual(['base AS deps', 'base AS runtime-image']);
    expect(dockerfile.some((i) => i.op === 'RUN' && /npm ci --omit=dev/.test(i.args))).toBe(true);
    expect(dockerfile.some((i) => i.op === 'COPY' && /package-lock\.json/.test(i.args))).toBe(true);
    // The last USER before the entrypoint is not root.
    const user = runtimeStage.filter((i) => i.op === 'USER').at(-1)?.args;
    expect(user).toBe('tickuser');
    expect(dockerfile.some((i) => i.op === 'RUN' && /usermod -l tickuser/.test(i.args))).toBe(true);
    expect(runtimeStage.find((i) => i.op === 'EXPOSE')?.args).toBe('8080');
    expect(envOf(runtimeStage).TICKHUB__API_SERVER__LISTEN_IP_ADDRESS).toBe('0.0.0.0');
    // Exec form (JSON), so node is PID 1 and receives SIGTERM.
    expect(jsonArgs('ENTRYPOINT')).toEqual(['node', 'src/hosts/node.ts']);
    expect(jsonArgs('CMD')).toEqual(['--user-data-dir', '/tickhub/user_data']);
    expect(healthCmd.join(' ')).toContain('http://127.0.0.1:8080/api/v1/ping');
  });

  it('.dockerignore keeps node_modules, user_data and databases out of the build context', () => {
    const ignored = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', 'user_data', '*.sqlite', '.dev.vars*', '.git'])
      expect(ignored).toContain(entry);
  });
});

describe('docker-compose.yml', () => {
  it("freqtrade's compose: user_data volume, the API on the host's 127.0.0.1:8080 only, restarts", () => {
    const service = compose.services.tickhub;
    expect(service).toBeDefined();
    expect(service?.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
    expect(service?.ports).toEqual(['127.0.0.1:8080:8080']);
    expect(service?.volumes).toEqual(['./user_data:/tickhub/user_data']);
    expect(service?.restart).toBe('unless-stopped');
    expect(service?.hostname).toBe('tickhub');
    expect(String(service?.command).trim()).toBe(jsonArgs('CMD').join(' '));
  });
});

describe("the image's command, environment and healthcheck, run as processes", () => {
  const dir = mkdtempSync(join(tmpdir(), 'tickhub-docker-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function run(cmd: string, args: string[], env: Record<string, string>) {
    const child = spawn(cmd, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    return { child, output: () => out, closed };
  }

  it('a first run listens on 0.0.0.0 with fresh credentials, the healthcheck passes, SIGTERM stops it', async () => {
    const port = await freePort();
    const [entry, ...entryArgs] = jsonArgs('ENTRYPOINT');
    expect(entry).toBe('node');
    const args = jsonArgs('CMD').map((a) => (a === '/tickhub/user_data' ? join(dir, 'user_data') : a));
    const env = { ...envOf(runtimeStage), TICKHUB__API_SERVER__LISTEN_PORT: String(port) };
    const bot = run(process.execPath, [...entryArgs, ...args], env);
    try {
      const deadline = Date.now() + 60_000;
      while (!bot.output().includes('tickhub is running')) {
        if (bot.child.exitCode !== null || Date.now() > deadline) throw new Error(`no start:\n${bot.output()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(bot.output()).toContain(`API listening on http://0.0.0.0:${port}`);
      const [healthBin, ...healthArgs] = healthCmd;
      expect(healthBin).toBe('node');
      const check = (p: number) =>
        run(
          process.execPath,
          healthArgs.map((a) => a.replace('127.0.0.1:8080', `127.0.0.1:${p}`)),
          {},
        ).closed;
      expect(await check(port)).toBe(0);
      expect(await check(await freePort())).toBe(1);
    } finally {
      bot.child.kill('SIGTERM');
      expect(await bot.closed).toBe(0);
    }
    expect(bot.output()).toContain('Shut down cleanly.');
  });
});
