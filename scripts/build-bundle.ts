// Builds dist/node.mjs: src/hosts/node.ts and everything it imports in one ESM file (esbuild), so
// `npm start` (scripts/start.mjs) loads one module instead of ~750 type-stripped ones. Beside it,
// dist/node.manifest.json lists every bundled input with its size, mtime and SHA-256, taken from
// the very bytes esbuild bundled: the launcher compares them and never runs a stale bundle.
// Run: node scripts/build-bundle.ts [--if-possible]   (npm's `prepare` runs it on install)

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const BUNDLE_FILE = join(ROOT, 'dist', 'node.mjs');
export const MANIFEST_FILE = join(ROOT, 'dist', 'node.manifest.json');
export const MANIFEST_VERSION = 1;
const ENTRY = join(ROOT, 'src', 'hosts', 'node.ts');

/** Files that change the bundle without being bundled: esbuild's settings and this script. */
const BUILD_INPUTS = ['tsconfig.json', 'scripts/build-bundle.ts'];

/**
 * Left to node_modules at run time: native code (libSQL), ccxt (large, loaded lazily for real
 * exchanges only), ws's optional native helpers, and swagger-ui-dist (its files are read by path).
 */
const EXTERNAL = ['libsql', '@libsql/*', 'ccxt', 'bufferutil', 'utf-8-validate', 'swagger-ui-dist'];

const LOADERS: Record<string, 'ts' | 'js' | 'json'> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.json': 'json',
};

export interface ManifestInput {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  size: number;
  mtimeMs: number;
  sha256: string;
}

export interface Manifest {
  version: number;
  /** The absolute repository root the bundle was built in (its worker and asset paths point there). */
  root: string;
  bundle: { size: number; mtimeMs: number };
  inputs: ManifestInput[];
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function recordInput(
  inputs: Map<string, ManifestInput>,
  file: string,
  bytes: Buffer,
  before: { size: number; mtimeMs: number },
) {
  const path = relative(ROOT, file).split(sep).join('/');
  // Size and mtime from before the read, hash from the bytes read: a file changed in between
  // differs from the manifest by stat, and then by hash, so the launcher sees it as changed.
  inputs.set(path, { path, size: before.size, mtimeMs: before.mtimeMs, sha256: sha256(bytes) });
}

/**
 * An ESM module re-exporting a Node built-in taken through require(). Importing node:http as ESM
 * makes Node build its ESM facade, which reads every export, lazy getters included: node:http's
 * WebSocket/MessageEvent getters then load undici (≈ 40–70 ms of a ≈ 400 ms start; node:http2's
 * facade costs ≈ 10 ms more). require()
 * hands over the module object without touching them. Only plain values are re-exported (no
 * getter is read here either); an import of anything else fails the build.
 */
function cjsBuiltinModule(specifier: string): string {
  const names = Object.entries(Object.getOwnPropertyDescriptors(createRequire(import.meta.url)(specifier)))
    .filter(([name, d]) => 'value' in d && /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default')
    .map(([name]) => name);
  return [
    `const builtin = require(${JSON.stringify(specifier)});`,
    'export default builtin;',
    ...names.map((n) => `export const ${n} = builtin.${n};`),
  ].join('\n');
}

export interface BuildResult {
  ms: number;
  inputs: number;
  bytes: number;
}

/** Builds the bundle and its manifest (both written atomically: a temp file, then a rename). */
export async function buildBundle(options: { bundleFile?: string; manifestFile?: string } = {}): Promise<BuildResult> {
  const bundleFile = options.bundleFile ?? BUNDLE_FILE;
  const manifestFile = options.manifestFile ?? MANIFEST_FILE;
  const t0 = performance.now();
  const esbuild = await import('esbuild');
  const inputs = new Map<string, ManifestInput>();
  const srcDir = join(ROOT, 'src') + sep;
  const tracked: import('esbuild').Plugin = {
    name: 'tracked-inputs',
    setup(build) {
      build.onLoad({ filter: /.*/, namespace: 'file' }, (args) => {
        const loader = LOADERS[extname(args.path)];
        if (!loader) return undefined;
        const before = statSync(args.path);
        const bytes = readFileSync(args.path);
        recordInput(inputs, args.path, bytes, before);
        let contents = bytes.toString('utf8');
        // Worker entries and package lookups are resolved from import.meta.url: keep pointing at
        // the source file (workers then run the current sources, which are never stale).
        if (args.path.startsWith(srcDir) && contents.includes('import.meta.url')) {
          contents = contents.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href));
        }
        return { contents, loader, resolveDir: dirname(args.path) };
      });
    },
  };
  const tmp = `${bundleFile}.${process.pid}.tmp`;
  const builtinsWithoutFacade: import('esbuild').Plugin = {
    name: 'builtins-without-esm-facade',
    setup(build) {
      build.onResolve({ filter: /^(node:)?http2?$/ }, (args) => {
        const path = args.path.startsWith('node:') ? args.path : `node:${args.path}`;
        return args.namespace === 'cjs-builtin' ? { path, external: true } : { path, namespace: 'cjs-builtin' };
      });
      build.onLoad({ filter: /.*/, namespace: 'cjs-builtin' }, (args) => ({
        contents: cjsBuiltinModule(args.path),
        loader: 'js',
      }));
    },
  };
  mkdirSync(dirname(bundleFile), { recursive: true });
  await esbuild.build({
    entryPoints: [ENTRY],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    external: EXTERNAL,
    // CommonJS dependencies bundled into ESM still call require() for Node's built-ins.
    banner: {
      js: "import { createRequire as tickhubCreateRequire } from 'node:module'; const require = tickhubCreateRequire(import.meta.url);",
    },
    plugins: [builtinsWithoutFacade, tracked],
    // Whitespace and syntax only: names stay readable in stack traces; half the bytes to parse.
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    logLevel: 'error',
    legalComments: 'none',
  });
  for (const path of BUILD_INPUTS) {
    const file = join(ROOT, path);
    const before = statSync(file);
    recordInput(inputs, file, readFileSync(file), before);
  }
  renameSync(tmp, bundleFile);
  const out = statSync(bundleFile);
  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    root: ROOT,
    bundle: { size: out.size, mtimeMs: out.mtimeMs },
    inputs: [...inputs.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };
  const manifestTmp = `${manifestFile}.${process.pid}.tmp`;
  writeFileSync(manifestTmp, `${JSON.stringify(manifest)}\n`);
  renameSync(manifestTmp, manifestFile);
  return { ms: Math.round(performance.now() - t0), inputs: inputs.size, bytes: out.size };
}

if (import.meta.main) {
  const ifPossible = process.argv.includes('--if-possible');
  try {
    const r = await buildBundle();
    console.log(`tickhub: built ${relative(ROOT, BUNDLE_FILE)} (${r.inputs} inputs, ${r.bytes} bytes) in ${r.ms} ms`);
  } catch (e) {
    console.error(`tickhub: could not build ${relative(ROOT, BUNDLE_FILE)}: ${e instanceof Error ? e.message : e}`);
    // On install (`prepare`) this is not fatal: `npm start` then runs the sources.
    if (!ifPossible) process.exitCode = 1;
    else console.error('tickhub: npm start will run the TypeScript sources instead');
  }
}
