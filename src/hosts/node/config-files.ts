// Finds, reads and (on a first run) writes the config files on disk.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { defaultConfigText } from '../../config/defaults.ts';
import { ConfigError, type ConfigFile, type LoadedConfig, loadConfig } from '../../config/load.ts';

export interface ResolvedConfig extends LoadedConfig {
  files: string[];
  /** Set when this run created the default config. */
  created?: string;
}

export function readConfigFiles(paths: string[]): ConfigFile[] {
  return paths.map((p) => {
    const path = resolve(p);
    try {
      return { path: p, text: readFileSync(path, 'utf8') };
    } catch (e) {
      throw new ConfigError([{ path: p, message: `cannot read file (${(e as NodeJS.ErrnoException).code ?? e})` }]);
    }
  });
}

/**
 * With --config files: exactly those. Without: user_data/config.json, created with fresh
 * credentials (mode 0600) on the first run. Validation happens before anything is written.
 */
export function resolveConfig(
  configFiles: string[],
  userDataDir: string,
  env: Record<string, string | undefined>,
): ResolvedConfig {
  if (configFiles.length > 0) {
    return { ...loadConfig(readConfigFiles(configFiles), env), files: configFiles };
  }
  const path = join(userDataDir, 'config.json');
  if (existsSync(path)) return { ...loadConfig(readConfigFiles([path]), env), files: [path] };
  const text = defaultConfigText();
  const loaded = loadConfig([{ path, text }], env);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
  return { ...loaded, files: [path], created: path };
}
