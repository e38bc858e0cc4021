// `npm start`: runs dist/node.mjs, the one-file bundle of src/hosts/node.ts, when it matches the
// sources; otherwise rebuilds it first, and when it cannot be built runs the TypeScript sources.
// Plain JavaScript on purpose: a .ts launcher would make Node load its type stripper (~100 ms).
// The check stats each bundled input (~700 files, a few ms); only a file whose size or mtime
// differs from the manifest is read and hashed, so a checkout that only touched mtimes stays fresh.

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MANIFEST_VERSION = 1;

/**
 * Why the bundle must not run, or undefined when every bundled input is unchanged.
 * @param {string} root the repository root
 * @param {string} bundleFile
 * @param {string} manifestFile
 * @returns {string | undefined}
 */
export function staleReason(root, bundleFile, manifestFile) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch {
    return 'no bundle built yet';
  }
  if (manifest?.version !== MANIFEST_VERSION || !Array.isArray(manifest.inputs)) return 'bundle from another version';
  if (manifest.root !== root) return 'bundle built in another folder';
  try {
    const b = statSync(bundleFile);
    if (b.size !== manifest.bundle?.size || b.mtimeMs !== manifest.bundle?.mtimeMs) return 'bundle file replaced';
  } catch {
    return 'no bundle built yet';
  }
  for (const input of manifest.inputs) {
    const file = join(root, input.path);
    let st;
    try {
      st = statSync(file);
    } catch {
      return `${input.path} is gone`;
    }
    if (st.size === input.size && st.mtimeMs === input.mtimeMs) continue;
    if (st.size !== input.size) return `${input.path} changed`;
    const hash = createHash('sha256').update(readFileSync(file)).digest('hex');
    if (hash !== input.sha256) return `${input.path} changed`;
  }
  return undefined;
}

/** The module to run: the bundle (rebuilt when stale) or, failing that, the sources. */
async function entryModule() {
  // TICKHUB_BUNDLE_DIR: another place for the bundle (tests build into a temp folder).
  const dir = process.env.TICKHUB_BUNDLE_DIR || join(ROOT, 'dist');
  const bundleFile = join(dir, 'node.mjs');
  const manifestFile = join(dir, 'node.manifest.json');
  const sources = join(ROOT, 'src', 'hosts', 'node.ts');
  if (process.env.TICKHUB_NO_BUNDLE === '1') return sources;
  const reason = staleReason(ROOT, bundleFile, manifestFile);
  // V8's code cache for the bundle (Node checks it against the file's content): a start after the
  // first skips compiling the 1.7 MB module.
  enableCompileCache?.(join(dir, 'compile-cache'));
  if (reason === undefined) return bundleFile;
  try {
    const { buildBundle } = await import('./build-bundle.ts');
    const r = await buildBundle({ bundleFile, manifestFile });
    console.error(`tickhub: rebuilt ${bundleFile} in ${r.ms} ms (${reason})`);
    return bundleFile;
  } catch (e) {
    console.error(`tickhub: running the sources (${reason}; no rebuild: ${e instanceof Error ? e.message : e})`);
    return sources;
  }
}

/**
 * glibc gives every thread that allocates its own malloc arena; at idle that is several MB of RSS
 * for nothing (issue 19: idle RSS < 100 MB). MALLOC_ARENA_MAX=2 caps them, but glibc reads it only
 * when the process starts. `npm start` sets it in package.json's script (no second Node boot, which
 * costs start-up time); run by hand, the launcher on Linux replaces itself once (same process,
 * execve) with it set. A value the user set is kept; other systems do not read the variable.
 */
function withMallocArenaCap() {
  if (process.platform !== 'linux' || process.env.MALLOC_ARENA_MAX !== undefined) return;
  if (typeof process.execve !== 'function') return;
  try {
    process.execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
      ...process.env,
      MALLOC_ARENA_MAX: '2',
    });
  } catch {
    // Not replaced: run as we are.
  }
}

if (import.meta.main) {
  withMallocArenaCap();
  await import(pathToFileURL(await entryModule()).href);
}
