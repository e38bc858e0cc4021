// Command-line arguments of `npm start` (node's own parseArgs: no dependency needed).

import { parseArgs } from 'node:util';

export interface StartArgs {
  configFiles: string[];
  dbUrl?: string;
  userDataDir?: string;
  /** freqtrade's -v/--verbose count (overrides the config's verbosity when given). */
  verbosity?: number;
}

export function parseStartArgs(argv: string[]): StartArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string', short: 'c', multiple: true },
      'db-url': { type: 'string' },
      'user-data-dir': { type: 'string' },
      verbose: { type: 'boolean', short: 'v', multiple: true },
    },
    strict: true,
    allowPositionals: false,
  });
  return {
    configFiles: values.config ?? [],
    dbUrl: values['db-url'],
    userDataDir: values['user-data-dir'],
    verbosity: values.verbose?.length,
  };
}
