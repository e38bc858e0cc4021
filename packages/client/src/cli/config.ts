import { readFileSync } from 'node:fs';
import jsonc from 'jsonc-parser';

/** The api_server keys the CLI uses. */
export interface ApiServerSettings {
  listen_ip_address?: string;
  listen_port?: number;
  username?: string;
  password?: string;
  ws_token?: string | string[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads freqtrade-style JSON (comments and trailing commas allowed) and returns its api_server section. */
export function readApiServer(path: string): ApiServerSettings {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`could not load config file ${path}`);
  }
  const errors: jsonc.ParseError[] = [];
  const config = jsonc.parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const offset = errors[0].offset;
    const line = text.slice(0, offset).split('\n').length;
    throw new ConfigError(`invalid JSON in ${path} (line ${line}: ${jsonc.printParseErrorCode(errors[0].error)})`);
  }
  const section = config && typeof config === 'object' ? (config as { api_server?: unknown }).api_server : undefined;
  return section && typeof section === 'object' ? (section as ApiServerSettings) : {};
}

/** api_server sections of several files; later files win key by key. */
export function loadApiServer(paths: readonly string[]): ApiServerSettings {
  return Object.assign({}, ...paths.map(readApiServer));
}

/** `http://<listen_ip_address>:<listen_port>`, with wildcard addresses mapped to loopback. */
export function serverUrlFrom(settings: ApiServerSettings): string {
  let host = settings.listen_ip_address || '127.0.0.1';
  if (host === '0.0.0.0') host = '127.0.0.1';
  if (host === '::' || host === '[::]') host = '::1';
  if (host.includes(':') && !host.startsWith('[')) host = `[${host}]`;
  return `http://${host}:${settings.listen_port ?? 8080}`;
}
