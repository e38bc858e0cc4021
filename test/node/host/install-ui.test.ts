// `npm run install-ui -- --from <zip or folder>`: a FreqUI build installed into user_data/ui/installed
// with its `.uiversion`, then served by a real server (/ui_version, /, assets).

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../support/node-server.ts';
import { REPO_ROOT } from '../../support/process.ts';

const dir = mkdtempSync(join(tmpdir(), 'tickhub-ui-'));
const userData = join(dir, 'user_data');
const installed = join(userData, 'ui', 'installed');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(cmd: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}
const installUi = (...args: string[]) =>
  run(process.execPath, [join(REPO_ROOT, 'src', 'cli', 'install-ui.ts'), '--user-data-dir', userData, ...args]);

const INDEX = '<!doctype html><title>FreqUI</title><script src="/assets/index-abc.js"></script>';

describe('npm run install-ui', () => {
  it('installs a release zip with its version; the server then serves it and /ui_version names it', async () => {
    const zip = join(dir, 'freqUI.zip');
    writeFileSync(
      zip,
      zipSync({
        'index.html': strToU8(INDEX),
        assets: { 'index-abc.js': strToU8('console.log("frequi")') },
        'favicon.ico': new Uint8Array([0, 0, 1, 0]),
      }),
    );
    const result = await run('npm', [
      'run',
      'install-ui',
      '--',
      '--from',
      zip,
      '--version',
      '2.1.0',
      '--user-data-dir',
      userData,
    ]);
    expect(result.code, result.out).toBe(0);
    expect(result.out).toContain(`Installed FreqUI 2.1.0 (3 files) into ${installed}.`);
    expect(readFileSync(join(installed, '.uiversion'), 'utf8')).toBe('2.1.0');

    const server = await startTestServer({}, { dir: userData });
    try {
      expect(await (await server.fetch('/ui_version')).json()).toEqual({ version: '2.1.0' });
      const index = await server.fetch('/');
      expect(index.status).toBe(200);
      expect(await index.text()).toBe(INDEX);
      expect(await (await server.fetch('/assets/index-abc.js')).text()).toBe('console.log("frequi")');
    } finally {
      await server.close();
    }
  });

  it('installs an unpacked folder (one top folder stripped), version from its name, replacing the old files', async () => {
    const folder = join(dir, 'frequi-2.2.0');
    mkdirSync(join(folder, 'dist', 'assets'), { recursive: true });
    writeFileSync(join(folder, 'dist', 'index.html'), '<title>newer</title>');
    writeFileSync(join(folder, 'dist', 'assets', 'index-def.js'), '1');
    const result = await installUi('--from', folder);
    expect(result.code, result.out).toBe(0);
    expect(readFileSync(join(installed, '.uiversion'), 'utf8')).toBe('2.2.0');
    expect(readFileSync(join(installed, 'index.html'), 'utf8')).toBe('<title>newer</title>');
    expect(existsSync(join(installed, 'assets', 'index-def.js'))).toBe(true);
    expect(existsSync(join(installed, 'assets', 'index-abc.js'))).toBe(false);
  });

  it('refuses, with one line and nothing written, a zip escaping the folder, a non-UI zip, or no version', async () => {
    const before = readFileSync(join(installed, '.uiversion'), 'utf8');
    const slip = join(dir, 'slip-1.0.0.zip');
    writeFileSync(slip, zipSync({ 'index.html': strToU8('x'), '../../escaped.js': strToU8('x') }));
    const escaped = await installUi('--from', slip);
    expect(escaped.code).toBe(1);
    expect(escaped.out).toBe(
      `${slip}: entry "../../escaped.js" would land outside the UI folder; refusing the archive.\n`,
    );
    expect(existsSync(join(userData, 'ui', 'escaped.js'))).toBe(false);

    const notUi = join(dir, 'other-1.0.0.zip');
    writeFileSync(notUi, zipSync({ 'readme.txt': strToU8('x') }));
    expect((await installUi('--from', notUi)).out).toContain('holds no index.html: not a FreqUI build');

    const noVersion = join(dir, 'freqUI-latest.zip');
    writeFileSync(noVersion, zipSync({ 'index.html': strToU8('x') }));
    const missing = await installUi('--from', noVersion);
    expect(missing.code).toBe(1);
    expect(missing.out).toContain('give it with --version');
    expect(readFileSync(join(installed, '.uiversion'), 'utf8')).toBe(before);
  });
});
