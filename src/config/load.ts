// Turns config files (freqtrade's JSON with comments and trailing commas) plus environment
// overrides into one validated Config. Pure: the host reads the files and passes their text.

import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import { z } from 'zod';
import { type Config, configSchema } from './schema.ts';

export interface ConfigFile {
  path: string;
  text: string;
}

export interface ConfigIssue {
  /** Dotted key path, e.g. "api_server.listen_port" (or the file for syntax errors). */
  path: string;
  message: string;
}

export class ConfigError extends Error {
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

export interface LoadedConfig {
  config: Config;
  /** Keys the schema does not know (likely typos), as dotted paths. */
  unknownKeys: string[];
  /** The input as read (files merged, env applied), before defaults: freqtrade's original_config. */
  raw: Json;
}

type Json = Record<string, unknown>;

export const ENV_PREFIX = 'TICKHUB__';

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

export function parseConfigText(file: ConfigFile): Json {
  const errors: ParseError[] = [];
  const value = parse(file.text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((e) => ({
        path: file.path,
        message: `${printParseErrorCode(e.error)} at ${lineAndColumn(file.text, e.offset)}`,
      })),
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError([{ path: file.path, message: 'the top level must be a JSON object' }]);
  }
  return value as Json;
}

function isPlainObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** freqtrade's merge order: later sources win; objects merge key by key, everything else is replaced. */
export function deepMerge(base: Json, override: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(override)) {
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? deepMerge(out[k] as Json, v) : v;
  }
  return out;
}

function parseEnvValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function objectShape(schema: unknown): Record<string, unknown> | undefined {
  let s = schema as any;
  while (s && (s instanceof z.ZodDefault || s instanceof z.ZodOptional)) s = s.unwrap();
  return s instanceof z.ZodObject ? (s.shape as Record<string, unknown>) : undefined;
}

/** Matches an env key segment to the schema's own spelling (CORS_origins), case-insensitively. */
function schemaKey(shape: Record<string, unknown> | undefined, segment: string): string {
  if (!shape) return segment.toLowerCase();
  const found = Object.keys(shape).find((k) => k.toLowerCase() === segment.toLowerCase());
  return found ?? segment.toLowerCase();
}

/** TICKHUB__EXCHANGE__KEY=abc sets exchange.key (freqtrade's FREQTRADE__… convention). */
export function envOverrides(env: Record<string, string | undefined>, prefix = ENV_PREFIX): Json {
  let result: Json = {};
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(prefix) || raw === undefined) continue;
    const segments = name.slice(prefix.length).split('__').filter(Boolean);
    if (segments.length === 0) continue;
    let shape: Record<string, unknown> | undefined = configSchema.shape;
    const keys: string[] = [];
    for (const seg of segments) {
      const key = schemaKey(shape, seg);
      keys.push(key);
      shape = shape ? objectShape(shape[key]) : undefined;
    }
    let patch: unknown = parseEnvValue(raw);
    for (const key of keys.reverse()) patch = { [key]: patch };
    result = deepMerge(result, patch as Json);
  }
  return result;
}

function findUnknownKeys(value: Json, shape: Record<string, unknown>, prefix: string, out: string[]): void {
  for (const [k, v] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (k.startsWith('$') || k === 'add_config_files') continue;
    if (!(k in shape)) {
      out.push(path);
      continue;
    }
    const inner = objectShape(shape[k]);
    if (inner && isPlainObject(v)) findUnknownKeys(v, inner, path, out);
  }
}

function issuePath(path: PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.');
}

export function validateConfig(raw: Json): LoadedConfig {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ path: issuePath(i.path).replace(/\.\[/g, '['), message: i.message })),
    );
  }
  const unknownKeys: string[] = [];
  findUnknownKeys(raw, configSchema.shape, '', unknownKeys);
  return { config: parsed.data, unknownKeys, raw };
}

/** Parses each file, merges them in order (later wins), applies env overrides, validates. */
export function loadConfig(files: ConfigFile[], env: Record<string, string | undefined> = {}): LoadedConfig {
  const issues: ConfigIssue[] = [];
  let merged: Json = {};
  for (const file of files) {
    try {
      merged = deepMerge(merged, parseConfigText(file));
    } catch (e) {
      if (e instanceof ConfigError) issues.push(...e.issues);
      else throw e;
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return validateConfig(deepMerge(merged, envOverrides(env)));
}
