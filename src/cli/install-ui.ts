// `npm run install-ui -- --from freqUI.zip [--version 2.1.0] [--user-data-dir DIR]`
// Installs a FreqUI build (the zip a FreqUI release ships, or an unpacked folder) into
// <user_data>/ui/installed and writes `.uiversion`, the file `/ui_version` reads — as freqtrade's
// `install-ui` does after its download. Offline: the user brings the file.

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { unzipSync } from 'fflate';

const HELP = `Usage: npm run install-ui -- --from <freqUI.zip | folder> [--version V] [--user-data-dir DIR]
Installs a FreqUI build into <user-data-dir>/ui/installed (default user_data) and records its version.
Without --version, a version in the file or folder name (freqUI-2.1.0.zip) is used.`;

/** Bounds for an archive a user downloaded: FreqUI builds are a few MB in a few hundred files. */
const MAX_FILES = 10_000;
const MAX_TOTAL_BYTES = 200 * 1024 * 1024;

/** Files freqtrade's clean_ui_subdir keeps when it empties the folder. */
const KEEP = new Set(['.gitkeep', 'fallback_file.html']);

class InstallUiError extends Error {}

interface InstallUiOptions {
  from: string;
  dest: string;
  version?: string;
}

function installUi(opts: InstallUiOptions): { version: string; files: number } {
  if (!existsSync(opts.from)) throw new InstallUiError(`${opts.from}: no such file or folder.`);
  const files = statSync(opts.from).isDirectory() ? readFolder(opts.from) : readZip(opts.from);
  const root = commonRoot([...files.keys()]);
  if (!files.has(`${root}index.html`)) {
    throw new InstallUiError(
      `${opts.from} holds no index.html: not a FreqUI build (download freqUI.zip from a release).`,
    );
  }
  const version = opts.version ?? versionFromName(opts.from);
  emptyFolder(opts.dest);
  for (const [name, body] of files) {
    if (!name.startsWith(root)) continue;
    const target = join(opts.dest, name.slice(root.length));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, body);
  }
  writeFileSync(join(opts.dest, '.uiversion'), version);
  return { version, files: files.size };
}

function readZip(file: string): Map<string, Uint8Array> {
  let entries: Record<string, Uint8Array>;
  let count = 0;
  let total = 0;
  try {
    entries = unzipSync(readFileSync(file), {
      filter: (f) => {
        count++;
        total += f.originalSize;
        if (count > MAX_FILES || total > MAX_TOTAL_BYTES) {
          throw new InstallUiError(`${file}: more than ${MAX_FILES} files or ${MAX_TOTAL_BYTES} bytes unpacked.`);
        }
        return !f.name.endsWith('/');
      },
    });
  } catch (e) {
    if (e instanceof InstallUiError) throw e;
    throw new InstallUiError(`${file}: not a readable zip file (${e instanceof Error ? e.message : e}).`);
  }
  const files = new Map<string, Uint8Array>();
  for (const [name, body] of Object.entries(entries)) files.set(safeName(file, name), body);
  return files;
}

function readFolder(folder: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(folder, rel), { withFileTypes: true })) {
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(name);
      else if (entry.isFile()) {
        if (files.size >= MAX_FILES) throw new InstallUiError(`${folder}: more than ${MAX_FILES} files.`);
        files.set(name, readFileSync(join(folder, name)));
      }
    }
  };
  walk('');
  return files;
}

/** An entry name that stays inside the destination (no absolute path, no `..`: zip slip). */
function safeName(archive: string, name: string): string {
  const clean = normalize(name.replaceAll('\\', '/'));
  if (isAbsolute(clean) || clean === '..' || clean.startsWith(`..${sep}`) || clean.includes('\0')) {
    throw new InstallUiError(`${archive}: entry "${name}" would land outside the UI folder; refusing the archive.`);
  }
  return clean.split(sep).join('/');
}

/** "dist/" when every file sits in one top folder (a zip of the build folder), else "". */
function commonRoot(names: string[]): string {
  const first = names[0]?.split('/')[0];
  if (!first || names.some((n) => !n.includes('/') || n.split('/')[0] !== first)) return '';
  return `${first}/`;
}

function versionFromName(path: string): string {
  const match = /\d+\.\d+\.\d+(?:[-.][0-9A-Za-z.]+)?/.exec(basename(path).replace(/\.zip$/i, ''));
  if (!match) {
    throw new InstallUiError(
      `No version in the name ${basename(path)}: give it with --version (the FreqUI release you downloaded, e.g. 2.1.0).`,
    );
  }
  return match[0];
}

function emptyFolder(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const entry of readdirSync(dir)) {
    if (!KEEP.has(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
  }
}

function main(): number {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      from: { type: 'string' },
      version: { type: 'string' },
      'user-data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.from) {
    console.log(HELP);
    return values.help ? 0 : 2;
  }
  const dest = join(values['user-data-dir'] ?? 'user_data', 'ui', 'installed');
  const { version, files } = installUi({ from: values.from, dest, version: values.version });
  console.log(`Installed FreqUI ${version} (${files} files) into ${dest}.`);
  console.log('Start the bot (npm start) and open http://127.0.0.1:8080/');
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(e instanceof InstallUiError || e instanceof TypeError ? e.message : String(e));
  process.exitCode = 1;
}
