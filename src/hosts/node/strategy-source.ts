// User strategies from a folder (user_data/strategies): *.ts / *.js files imported with import().
// Node strips TypeScript types itself, so .ts strategies need no build step.

import { createHash } from 'node:crypto';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isValidStrategyName, type StrategySource } from '../../strategy/loader.ts';
import type { Strategy } from '../../strategy/types.ts';

type StrategyClass = new () => Strategy;

const EXTENSIONS = new Set(['.ts', '.js', '.mts', '.mjs']);

function isStrategyClass(value: unknown): value is StrategyClass {
  return (
    typeof value === 'function' &&
    typeof (value as { prototype?: { populateIndicators?: unknown } }).prototype?.populateIndicators === 'function'
  );
}

/** The strategy classes a module exports: by export name, and the default export by its class name. */
function exportedStrategies(module: Record<string, unknown>): Map<string, StrategyClass> {
  const found = new Map<string, StrategyClass>();
  for (const [key, value] of Object.entries(module)) {
    if (!isStrategyClass(value)) continue;
    const name = key === 'default' ? value.name : key;
    if (name && isValidStrategyName(name) && !found.has(name)) found.set(name, value);
  }
  return found;
}

export interface NodeStrategySourceOptions {
  /** Called for each file that fails to import (it is then skipped). Default: console.warn. */
  onImportError?: (file: string, error: unknown) => void;
}

/**
 * Strategies are classes exported from the folder's top-level files (by export name, or the
 * default export by class name); each load() is a fresh `new`. A changed file is imported
 * again; modules it imports itself stay cached until the process restarts.
 */
export class NodeStrategySource implements StrategySource {
  private readonly dir: string;
  private readonly onImportError: (file: string, error: unknown) => void;

  constructor(dir: string, options: NodeStrategySourceOptions = {}) {
    this.dir = resolve(dir);
    this.onImportError =
      options.onImportError ??
      ((file, error) => console.warn(`Could not import strategy file ${file}: ${(error as Error)?.message ?? error}`));
  }

  async list(): Promise<{ name: string; file: string }[]> {
    const out: { name: string; file: string }[] = [];
    for (const [name, { file }] of await this.scan()) out.push({ name, file });
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async readCode(name: string): Promise<string | undefined> {
    const entry = isValidStrategyName(name) ? (await this.scan()).get(name) : undefined;
    return entry ? readFile(entry.path, 'utf8') : undefined;
  }

  async load(name: string): Promise<Strategy | undefined> {
    const entry = isValidStrategyName(name) ? (await this.scan()).get(name) : undefined;
    return entry ? new entry.cls() : undefined;
  }

  /** freqtrade's parameter file: the strategy file's name with `.json` instead of its extension. */
  async readParameterFile(name: string): Promise<string | undefined> {
    const entry = isValidStrategyName(name) ? (await this.scan()).get(name) : undefined;
    if (!entry) return undefined;
    const jsonFile = `${entry.file.slice(0, -extname(entry.file).length)}.json`;
    const path = await this.contained(jsonFile);
    return path ? readFile(path, 'utf8') : undefined;
  }

  /** Imports every strategy file in the folder; files that fail to import are skipped, as freqtrade does. */
  private async scan(): Promise<Map<string, { file: string; path: string; cls: StrategyClass }>> {
    const found = new Map<string, { file: string; path: string; cls: StrategyClass }>();
    let files: string[];
    try {
      files = (await readdir(this.dir)).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return found;
      throw err;
    }
    for (const file of files) {
      if (!EXTENSIONS.has(extname(file)) || file.endsWith('.d.ts')) continue;
      const path = await this.contained(file);
      if (!path) continue;
      let module: Record<string, unknown>;
      try {
        module = await importFresh(path);
      } catch (error) {
        this.onImportError(file, error);
        continue;
      }
      for (const [name, cls] of exportedStrategies(module)) {
        if (!found.has(name)) found.set(name, { file, path, cls });
      }
    }
    return found;
  }

  /** The real path of `file` if it is a regular file that stays inside the folder (symlinks resolved). */
  private async contained(file: string): Promise<string | undefined> {
    try {
      const root = await realpath(this.dir);
      const path = await realpath(join(this.dir, file));
      const rel = relative(root, path);
      if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
      return (await stat(path)).isFile() ? path : undefined;
    } catch {
      return undefined;
    }
  }
}

/**
 * import() keyed by the file's content hash, so an edited strategy file is loaded again
 * while an unchanged one comes from the module cache. (Hex only: a '.' in the query
 * would confuse loaders that guess the language from the last extension-like suffix.)
 */
async function importFresh(path: string): Promise<Record<string, unknown>> {
  const hash = createHash('sha256')
    .update(await readFile(path))
    .digest('hex')
    .slice(0, 16);
  const url = pathToFileURL(path);
  url.searchParams.set('v', hash);
  return (await import(url.href)) as Record<string, unknown>;
}
