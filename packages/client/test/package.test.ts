import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeApi, PACKAGE_DIR, run } from './helpers.ts';

// The package as users get it, with no network and an EMPTY npm cache (a fresh machine has none):
// the package is copied out of the workspace, packed there (prepack builds dist/ with tsc), and the
// tarball is installed into an empty project with its two dependencies packed from the workspace's
// own node_modules. The workspace's packages/client is never written to.

const REPO_ROOT = join(PACKAGE_DIR, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'tickhub-client-pkg-'));
const copy = join(work, 'tickhub-client');
const packDir = join(work, 'packed');
// Every npm call below: offline, and a cache nothing has filled.
const npmEnv = { npm_config_cache: join(work, 'empty-npm-cache'), npm_config_offline: 'true' };
const npm = (args: string[], cwd: string) => run('npm', [...args, '--no-audit', '--no-fund'], { cwd, env: npmEnv });
const api = new FakeApi();
let tarball = '';

beforeAll(async () => {
  await api.start();
  for (const entry of ['bin', 'src', 'package.json', 'README.md', 'tsconfig.json']) {
    cpSync(join(PACKAGE_DIR, entry), join(copy, entry), { recursive: true });
  }
  // tsc and @types/node for the build come from the workspace.
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(copy, 'node_modules'));
  mkdirSync(packDir);
  const pack = await npm(['pack', '--pack-destination', packDir], copy);
  expect(pack.code, pack.stderr).toBe(0);
  tarball = join(packDir, 'tickhub-client-0.1.0.tgz');
}, 180_000);
afterAll(() => api.stop());

describe('the packed tarball', () => {
  it('holds the launcher, dist/ with declarations and the README, no source or tests', async () => {
    const listing = await run('tar', ['tzf', tarball]);
    const files = listing.stdout.trim().split('\n');
    expect(files).toEqual(
      expect.arrayContaining([
        'package/bin/tickhub-client.js',
        'package/dist/cli.js',
        'package/dist/index.js',
        'package/dist/index.d.ts',
        'package/dist/schemas/index.js',
        'package/dist/schemas/index.d.ts',
        'package/README.md',
      ]),
    );
    expect(files.filter((f) => f.startsWith('package/src/') || f.startsWith('package/test/'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('installs alone with an empty cache, runs through npx from dist/, and imports as a library', async () => {
    const appDir = join(work, 'app');
    cpSync(join(REPO_ROOT, 'node_modules', 'zod'), join(work, 'deps', 'zod'), { recursive: true });
    cpSync(join(REPO_ROOT, 'node_modules', 'jsonc-parser'), join(work, 'deps', 'jsonc-parser'), { recursive: true });
    const deps: string[] = [];
    for (const dep of ['zod', 'jsonc-parser']) {
      const packed = await npm(
        ['pack', '--ignore-scripts', '--pack-destination', packDir, join(work, 'deps', dep)],
        work,
      );
      expect(packed.code, packed.stderr).toBe(0);
      deps.push(join(packDir, packed.stdout.trim().split('\n').at(-1) ?? ''));
    }
    mkdirSync(appDir);
    writeFileSync(join(appDir, 'package.json'), '{"name":"probe","private":true}\n');
    const install = await npm(['install', tarball, ...deps], appDir);
    expect(install.code, install.stderr).toBe(0);
    const installed = readdirSync(join(appDir, 'node_modules'));
    expect(installed).toEqual(expect.arrayContaining(['tickhub-client', 'zod', 'jsonc-parser']));
    for (const heavy of ['ccxt', 'drizzle-orm', '@libsql', 'wrangler', 'hono']) expect(installed).not.toContain(heavy);
    expect(existsSync(join(appDir, 'node_modules', 'tickhub-client', 'src'))).toBe(false);

    const version = await run('npx', ['--no', '--', 'tickhub-client', '--version'], { cwd: appDir, env: npmEnv });
    expect(version).toEqual({ code: 0, stdout: 'tickhub-client 0.1.0\n', stderr: '' });
    const help = await run('npx', ['--no', '--', 'tickhub-client', 'help'], { cwd: appDir, env: npmEnv });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('forceenter <pair>');
    api.handler = () => ({ body: { result: 'Created exit order for trade 5.' } });
    const exit = await run(
      'npx',
      ['--no', '--', 'tickhub-client', '--url', api.url, 'forceexit', '5', 'market', '23'],
      {
        cwd: appDir,
        env: npmEnv,
      },
    );
    expect(exit.stdout).toBe('{"result":"Created exit order for trade 5."}\n');
    expect(api.last.body).toEqual({ tradeid: 5, ordertype: 'market', amount: 23 });

    const installedDir = join(appDir, 'node_modules', 'tickhub-client');
    const lib = (await import(
      pathToFileURL(join(installedDir, 'dist', 'index.js')).href
    )) as typeof import('../src/index.ts');
    api.handler = () => ({ body: { status: 'pong' } });
    await expect(new lib.TickhubClient(api.url).ping()).resolves.toEqual({ status: 'pong' });
    const schemas = (await import(
      pathToFileURL(join(installedDir, 'dist', 'schemas', 'index.js')).href
    )) as typeof import('../src/schemas/index.ts');
    expect(schemas.Count.safeParse({ current: 1, max: 2, total_stake: 3 }).success).toBe(true);
  }, 180_000);
});

describe('the workspace bin (a fresh clone after npm install)', () => {
  it('npx tickhub-client runs the TypeScript source, with no dist/ needed', async () => {
    const version = await run('npx', ['--no', '--', 'tickhub-client', '--version'], { cwd: REPO_ROOT, env: npmEnv });
    expect(version).toEqual({ code: 0, stdout: 'tickhub-client 0.1.0\n', stderr: '' });
    api.handler = () => ({ body: { status: 'pong' } });
    const ping = await run('npx', ['--no', '--', 'tickhub-client', '--url', api.url, 'ping'], {
      cwd: REPO_ROOT,
      env: npmEnv,
    });
    expect(ping).toEqual({ code: 0, stdout: '{"status":"pong"}\n', stderr: '' });
  });

  it('a Node without type stripping gets one line saying what to do, not a stack trace', async () => {
    const launcher = join(PACKAGE_DIR, 'bin', 'tickhub-client.js');
    const old = await run(process.execPath, ['--no-experimental-strip-types', launcher, '--version']);
    expect(old.code).toBe(1);
    expect(old.stderr).toMatch(/^tickhub-client: running from the source needs Node >= 22\.18 .*\n$/);
  });
});
