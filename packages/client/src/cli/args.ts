import type { CommandArgs, CommandSpec, ParamSpec } from '../commands.ts';

/** A mistake in the command line (exit code 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const KEYWORD = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/;

/** `42` → 42, `1.5` → 1.5, `true`/`false` → booleans, `null` → null, anything else stays a string. */
export function parseValue(text: string): unknown {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (NUMBER.test(text)) return Number(text);
  return text;
}

export interface SplitArgs {
  positionals: string[];
  keywords: Map<string, string>;
}

/** `key=value` arguments (the value keeps any further `=`) versus positional ones. */
export function splitArgs(args: readonly string[]): SplitArgs {
  const positionals: string[] = [];
  const keywords = new Map<string, string>();
  for (const arg of args) {
    const match = KEYWORD.exec(arg);
    if (!match) {
      positionals.push(arg);
      continue;
    }
    if (keywords.has(match[1])) throw new UsageError(`parameter ${match[1]} given twice`);
    keywords.set(match[1], match[2]);
  }
  return { positionals, keywords };
}

/** Types one raw argument for `param`; `null` means "not given". */
export function typeValue(param: ParamSpec, raw: string): unknown {
  if (raw === 'null') return undefined;
  switch (param.type) {
    case 'string':
      return raw;
    case 'list':
      return raw === '' ? [] : raw.split(',');
    case 'any':
      return parseValue(raw);
    case 'boolean': {
      const value = parseValue(raw);
      if (typeof value !== 'boolean') throw new UsageError(`${param.name} must be true or false, got "${raw}"`);
      return value;
    }
    case 'number':
    case 'integer': {
      const value = parseValue(raw);
      if (typeof value !== 'number' || (param.type === 'integer' && !Number.isInteger(value))) {
        throw new UsageError(
          `${param.name} must be ${param.type === 'integer' ? 'an integer' : 'a number'}, got "${raw}"`,
        );
      }
      return value;
    }
  }
}

/** Maps positional arguments to parameters in order and `key=value` ones by name. */
export function bindArgs(command: CommandSpec, args: readonly string[]): CommandArgs {
  const { positionals, keywords } = splitArgs(args);
  const bound: CommandArgs = {};
  let index = 0;
  for (const param of command.params) {
    if (param.rest) {
      const rest = positionals.slice(index).flatMap((raw) => typeValue(param, raw) as string[]);
      index = positionals.length;
      if (rest.length > 0) bound[param.name] = rest;
      continue;
    }
    if (index < positionals.length) bound[param.name] = typeValue(param, positionals[index++]);
  }
  if (index < positionals.length) {
    throw new UsageError(`${command.name}: too many arguments (${positionals.slice(index).join(' ')})`);
  }
  for (const [key, raw] of keywords) {
    const param = command.params.find((candidate) => candidate.name === key);
    if (!param) throw new UsageError(`${command.name}: unknown parameter ${key}`);
    if (key in bound) throw new UsageError(`${command.name}: parameter ${key} given twice`);
    bound[key] = typeValue(param, raw);
  }
  for (const param of command.params) {
    if (param.required && bound[param.name] === undefined) {
      throw new UsageError(`${command.name}: missing parameter ${param.name}`);
    }
  }
  return bound;
}

export interface GlobalOptions {
  configs: string[];
  url?: string;
  username?: string;
  password?: string;
  timeoutMs?: number;
  pretty?: boolean;
  show: boolean;
  version: boolean;
  /** The command and its arguments. */
  rest: string[];
}

const WITH_VALUE: Record<string, keyof GlobalOptions> = {
  '-c': 'configs',
  '--config': 'configs',
  '--url': 'url',
  '--username': 'username',
  '--password': 'password',
  '--timeout': 'timeoutMs',
};

/** Options before the command; everything from the command on is left for the command (so `-5` is a value). */
export function parseGlobalOptions(argv: readonly string[]): GlobalOptions {
  const options: GlobalOptions = { configs: [], show: false, version: false, rest: [] };
  let i = 0;
  while (i < argv.length) {
    const arg = argv[i];
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    const eq = arg.indexOf('=');
    const flag = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    const key = WITH_VALUE[flag];
    if (key) {
      let value: string | undefined;
      if (eq > 0 && flag !== arg) value = arg.slice(eq + 1);
      else value = argv[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value`);
      if (key === 'configs') options.configs.push(value);
      else if (key === 'timeoutMs') {
        const ms = Number(value);
        if (!Number.isFinite(ms) || ms <= 0) throw new UsageError(`--timeout needs a positive number of ms`);
        options.timeoutMs = ms;
      } else (options as unknown as Record<string, string>)[key] = value;
    } else if (flag === '-V' || flag === '--version') options.version = true;
    else if (flag === '--show' || flag === '-h' || flag === '--help') options.show = true;
    else if (flag === '--pretty') options.pretty = true;
    else if (flag === '--compact') options.pretty = false;
    else throw new UsageError(`unknown option ${arg}`);
    i++;
  }
  options.rest = argv.slice(i);
  return options;
}
