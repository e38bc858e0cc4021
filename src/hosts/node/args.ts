// Command-line arguments of `npm start` and `npm run webserver` (node's own parseArgs: no
// dependency needed). A mistyped option is one line naming it, never a stack trace.

import { parseArgs } from 'node:util';

export interface StartArgs {
  configFiles: string[];
  dbUrl?: string;
  userDataDir?: string;
  /** freqtrade's -v/--verbose count (overrides the config's verbosity when given). */
  verbosity?: number;
  /** -h/--help: print the usage and stop. */
  help?: boolean;
}

/** A command line the entry cannot run with (exit status 2, as argparse). */
export class UsageError extends Error {}

export function usage(command: string): string {
  return [
    `usage: ${command} -- [-c FILE]... [--db-url URL] [--user-data-dir DIR] [-v]...`,
    '',
    'options:',
    '  -c, --config FILE     config file; repeat to merge several, later ones win',
    '                        (default: <user-data-dir>/config.json, created on a first run)',
    '  --db-url URL          database: file:PATH or a libSQL URL',
    '                        (default: db_url, else <user-data-dir>/tradesv3.sqlite)',
    '  --user-data-dir DIR   folder for the config, database, logs and data (default: user_data)',
    '  -v, --verbose         more log output; repeat for more',
    '  -h, --help            show this help and stop',
  ].join('\n');
}

const PARSE_ERRORS = new Set([
  'ERR_PARSE_ARGS_UNKNOWN_OPTION',
  'ERR_PARSE_ARGS_INVALID_OPTION_VALUE',
  'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL',
]);

const OPTIONS = {
  config: { type: 'string', short: 'c', multiple: true },
  'db-url': { type: 'string' },
  'user-data-dir': { type: 'string' },
  verbose: { type: 'boolean', short: 'v', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && PARSE_ERRORS.has(code)) throw new UsageError((e as Error).message);
    throw e;
  }
}

export function parseStartArgs(argv: string[]): StartArgs {
  const { values } = parse(argv);
  return {
    configFiles: values.config ?? [],
    dbUrl: values['db-url'],
    userDataDir: values['user-data-dir'],
    verbosity: values.verbose?.length,
    help: values.help,
  };
}
