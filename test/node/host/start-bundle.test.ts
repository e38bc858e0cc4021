// `npm start` runs dist/node.mjs (one esbuild bundle) only while it matches the sources: the
// launcher's staleness check on real files, and real starts that build, reuse, rebuild after a
// change, and fall back to the sources when no bundle can be built.

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { staleReason } from '../../../scripts/start.mjs';
import { type BotProcess, freePort, REPO_ROOT, START_ENTRY, startBotProcess } from '../../support/process.ts';
import { TEST_JWT_SECRET, TEST_PASSWORD, TEST_USER } from '../../support/test-config.ts';

const dirs: string[] = [];
function tempDir(parent = tmpdir()): string {
  mkdirSync(parent, { recursive: true });
  const d = mkdtempSync(join(parent, 'tickhub-bundle-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A manifest for `files` (relative to root) as the build script writes it, from their current state. */
function writeManifest(root: string, files: string[], bundle: string, manifest: string): void {
  const b = statSync(bundle);
  const inputs = files.map((path) => {
    const st = statSync(join(root, path));
    const sha256 = createHash('sha256')
      .update(readFileSync(join(root, path)))
      .digest('hex');
    return { path, size: st.size, mtimeMs: st.mtimeMs, sha256 };
  });
  writeFileSync(manifest, JSON.stringify({ version: 1, root, bundle: { size: b.size, mtimeMs: b.mtimeMs }, inputs }));
}

describe('staleReason (the launcher check)', () => {
  function fixture() {
    const root = tempDir();
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'a.ts'), 'export const a = 1;\n');
    writeFileSync(join(root, 'src', 'b.ts'), 'export const b = 2;\n');
    const bundle = join(root, 'node.mjs');
    const manifest = join(root, 'node.manifest.json');
    writeFileSync(bundle, 'export {};\n');
    writeManifest(root, ['src/a.ts', 'src/b.ts'], bundle, manifest);
    return { root, bundle, manifest, a: join(root, 'src', 'a.ts') };
  }

  it('is fresh while the inputs are untouched, and after a touch that keeps the content', () => {
    const f = fixture();
    expect(staleReason(f.root, f.bundle, f.manifest)).toBeUndefined();
    const later = new Date(Date.now() + 5000);
    utimesSync(f.a, later, later);
    expect(staleReason(f.root, f.bundle, f.manifest)).toBeUndefined();
  });

  it('is stale when an input changes (same size and mtime kept by the hash), or is gone', () => {
    const f = fixture();
    const { mtime } = statSync(f.a);
    writeFileSync(f.a, 'export const a = 9;\n');
    expect(staleReason(f.root, f.bundle, f.manifest)).toBe('src/a.ts changed');
    utimesSync(f.a, mtime, mtime);
    // Same size, and the old mtime back: only the size/mtime shortcut is fooled, the hash is not.
    const m = JSON.parse(readFileSync(f.manifest, 'utf8'));
    m.inputs[0].mtimeMs = 0;
    writeFileSync(f.manifest, JSON.stringify(m));
    expect(staleReason(f.root, f.bundle, f.manifest)).toBe('src/a.ts changed');
    writeFileSync(f.a, 'export const a = 1;\n');
    expect(staleReason(f.root, f.bundle, f.manifest)).toBeUndefined();
    rmSync(join(f.root, 'src', 'b.ts'));
    expect(staleReason(f.root, f.bundle, f.manifest)).toBe('src/b.ts is gone');
  });

  it('is stale without a manifest or bundle, for a bundle replaced or built in another folder', () => {
    const f = fixture();
    expect(staleReason(f.root, f.bundle, join(f.root, 'missing.json'))).toBe('no bundle built yet');
    expect(staleReason(`${f.root}-moved`, f.bundle, f.manifest)).toBe('bundle built in another folder');
    writeFileSync(f.bundle, 'export const replaced = true;\n');
    expect(staleReason(f.root, f.bundle, f.manifest)).toBe('bundle file replaced');
    rmSync(f.bundle);
    expect(staleReason(f.root, f.bundle, f.manifest)).toBe('no bundle built yet');
  });
});

describe('npm start through the bundle', () => {
  // Inside the repository: the bundle's external packages (libSQL, ccxt) resolve from node_modules.
  const bundleDir = tempDir(join(REPO_ROOT, 'node_modules', '.cache'));
  const config = join(bundleDir, 'config.json');

  async function start(
    env: Record<string, string>,
  ): Promise<{ p: BotProcess; port: number; arenaMax: string | undefined }> {
    const port = await freePort();
    writeFileSync(
      config,
      JSON.stringify({
        dry_run: true,
        api_server: {
          enabled: true,
          listen_ip_address: '127.0.0.1',
          listen_port: port,
          username: TEST_USER,
          password: TEST_PASSWORD,
          jwt_secret_key: TEST_JWT_SECRET,
        },
      }),
      { mode: 0o600 },
    );
    const userData = tempDir();
    const p = startBotProcess(['--config', config, '--user-data-dir', userData], {
      cwd: userData,
      entry: START_ENTRY,
      env,
    });
    let arenaMax: string | undefined;
    try {
      await p.waitFor(/tickhub is running/, 120_000);
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/ping`);
      expect(await res.json()).toEqual({ status: 'pong' });
      arenaMax = mallocArenaMaxOf(p.child.pid!);
    } finally {
      p.child.kill('SIGTERM');
      await p.exited;
    }
    return { p, port, arenaMax };
  }

  /** MALLOC_ARENA_MAX in the environment the process runs with now (Linux: /proc). */
  function mallocArenaMaxOf(pid: number): string | undefined {
    if (process.platform !== 'linux') return undefined;
    const entry = readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .find((e) => e.startsWith('MALLOC_ARENA_MAX='));
    return entry?.slice('MALLOC_ARENA_MAX='.length);
  }

  it('builds the bundle when there is none, reuses it, and rebuilds after a source change', async () => {
    const env = { TICKHUB_BUNDLE_DIR: bundleDir };
    const first = await start(env);
    expect(first.p.output()).toMatch(/tickhub: rebuilt .*node\.mjs in \d+ ms \(no bundle built yet\)/);
    const manifestFile = join(bundleDir, 'node.manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    const paths: string[] = manifest.inputs.map((i: { path: string }) => i.path);
    expect(paths).toContain('src/hosts/node.ts');
    expect(paths).toContain('src/api/app.ts');
    expect(paths.some((p) => p.startsWith('node_modules/hono/'))).toBe(true);
    // Loaded lazily at run time, never bundled.
    expect(paths.some((p) => p.startsWith('node_modules/ccxt/'))).toBe(false);
    // node:http(2) taken through require(): an ESM import would make Node build their ESM facades,
    // whose lazy getters load undici at every start.
    const bundled = readFileSync(join(bundleDir, 'node.mjs'), 'utf8');
    expect(bundled).toContain('cjs-builtin:node:http');
    expect(bundled).not.toMatch(/from\s*["']node:http2?["']/);
    // Only libSQL's local driver at start; the remote protocols load for a remote URL only.
    expect(bundled).toMatch(/from\s*["']@libsql\/client\/sqlite3["']/);
    expect(bundled).not.toMatch(/from\s*["']@libsql\/client["']/);

    const second = await start(env);
    expect(second.p.output()).not.toContain('tickhub: rebuilt');
    expect(second.p.output()).not.toContain('running the sources');
    if (process.platform === 'linux') {
      // The launcher re-executed itself in the same process with glibc's arenas capped, unless the user chose.
      expect(first.arenaMax).toBe(process.env.MALLOC_ARENA_MAX ?? '2');
      expect((await start({ ...env, MALLOC_ARENA_MAX: '4' })).arenaMax).toBe('4');
    }

    // What an edit of src/api/app.ts after the build looks like to the launcher: another hash.
    const app = manifest.inputs.find((i: { path: string }) => i.path === 'src/api/app.ts');
    app.sha256 = '0'.repeat(64);
    app.mtimeMs -= 1000;
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const third = await start(env);
    expect(third.p.output()).toMatch(/tickhub: rebuilt .* \(src\/api\/app\.ts changed\)/);
  }, 300_000);

  it('runs the sources when the bundle is stale and cannot be rebuilt', async () => {
    // A bundle folder that is a file: nothing can be built there.
    const notADir = join(tempDir(), 'file');
    writeFileSync(notADir, '');
    const r = await start({ TICKHUB_BUNDLE_DIR: notADir });
    expect(r.p.output()).toMatch(/tickhub: running the sources \(no bundle built yet; no rebuild: /);
  }, 180_000);
});
