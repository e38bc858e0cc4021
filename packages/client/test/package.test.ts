import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeApi, PACKAGE_DIR, run } from './helpers.ts';

// Builds dist/ once (tsc), then checks the built CLI and library, and the packed tarball installed on its own.
// Everything in one file so no other test races the build of dist/.

const REPO_ROOT = join(PACKAGE_DIR, '..', '..');
const DIST_CLI = join(PACKAGE_DIR, 'dist', 'cli.js');
const api = new FakeApi();

beforeAll(async () => {
  await api.start();
  const build = await run('npm', ['run', 'build', '-w', 'tickhub-client'], { cwd: REPO_ROOT });
  expect(build.code, build.stderr).toBe(0);
}, 120_000);
afterAll(() => api.stop());

describe('built dist/', () => {
  it('the CLI runs as plain JavaScript', async () => {
    expect(await run(process.execPath, [DIST_CLI, '--version'])).toEqual({
      code: 0,
      stdout: 'tickhub-client 0.1.0\n',
      stderr: '',
    });
    api.handler = () => ({ body: { result: 'Created exit order for trade 5.' } });
    const result = await run(process.execPath, [DIST_CLI, '--url', api.url, 'forceexit', '5', 'market', '23']);
    expect(result.stdout).toBe('{"result":"Created exit order for trade 5."}\n');
    expect(api.last.body).toEqual({ tradeid: 5, ordertype: 'market', amount: 23 });
  });

  it('has no .ts imports left and ships declarations', async () => {
    const index = join(PACKAGE_DIR, 'dist', 'index.js');
    expect(existsSync(join(PACKAGE_DIR, 'dist', 'index.d.ts'))).toBe(true);
    expect(existsSync(join(PACKAGE_DIR, 'dist', 'schemas', 'index.d.ts'))).toBe(true);
    const lib = (await import(pathToFileURL(index).href)) as typeof import('../src/index.ts');
    api.handler = () => ({ body: { status: 'pong' } });
    await expect(new lib.TickhubClient(api.url).ping()).resolves.toEqual({ status: 'pong' });
    const schemas = (await import(
      pathToFileURL(join(PACKAGE_DIR, 'dist', 'schemas', 'index.js')).href
    )) as typeof import('../src/schemas/index.ts');
    expect(schemas.Count.safeParse({ current: 1, max: 2, total_stake: 3 }).success).toBe(true);
  });
});

describe('npm package', () => {
  it('packs, installs alone, and runs through npx', async () => {
    const packDir = mkdtempSync(join(tmpdir(), 'tickhub-client-pack-'));
    const pack = await run('npm', ['pack', '-w', 'tickhub-client', '--pack-destination', packDir], { cwd: REPO_ROOT });
    expect(pack.code, pack.stderr).toBe(0);
    const tarball = join(packDir, 'tickhub-client-0.1.0.tgz');
    expect(existsSync(tarball)).toBe(true);

    const listing = await run('tar', ['tzf', tarball]);
    const files = listing.stdout.trim().split('\n');
    expect(files).toContain('package/dist/cli.js');
    expect(files).toContain('package/dist/schemas/index.js');
    expect(files).toContain('package/README.md');
    expect(files.filter((f) => f.startsWith('package/src/') || f.startsWith('package/test/'))).toEqual([]);

    const appDir = mkdtempSync(join(tmpdir(), 'tickhub-client-app-'));
    writeFileSync(join(appDir, 'package.json'), '{"name":"probe","private":true}');
    // --offline: zod and jsonc-parser come from the local npm cache filled by `npm ci` (no network in tests)
    const install = await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], {
      cwd: appDir,
    });
    expect(install.code, install.stderr).toBe(0);

    const version = await run('npx', ['--no', '--', 'tickhub-client', '--version'], { cwd: appDir });
    expect(version.stdout).toBe('tickhub-client 0.1.0\n');
    const help = await run('npx', ['--no', '--', 'tickhub-client', 'help'], { cwd: appDir });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('forceenter <pair>');

    const installed = readdirSync(join(appDir, 'node_modules'));
    expect(installed).toEqual(expect.arrayContaining(['tickhub-client', 'zod', 'jsonc-parser']));
    for (const heavy of ['ccxt', 'drizzle-orm', '@libsql', 'wrangler', 'hono']) expect(installed).not.toContain(heavy);
  }, 180_000);
});
