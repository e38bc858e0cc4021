// `npm run webserver -- [--config FILE]... [--db-url URL] [--user-data-dir DIR]`: freqtrade's
// webserver mode — the API (and FreqUI) for backtesting, data download and pairlist evaluation,
// without a trading loop. Same config files, credentials and security checks as `npm start`.

import { ConfigError } from '../config/load.ts';
import { parseStartArgs } from './node/args.ts';
import { resolveConfig } from './node/config-files.ts';
import { InsecureConfigError, ListenError } from './node/server.ts';
import { type RunningWebserver, startNodeWebserver } from './node/webserver.ts';

let starting: Promise<RunningWebserver> | undefined;
let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received, shutting down...`);
  const server = await starting?.catch(() => undefined);
  await server?.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

async function main(): Promise<void> {
  const args = parseStartArgs(process.argv.slice(2));
  const resolved = resolveConfig(args.configFiles, args.userDataDir ?? 'user_data', process.env);
  const config = resolved.config;
  if (args.userDataDir) config.user_data_dir = args.userDataDir;
  for (const key of resolved.unknownKeys) console.warn(`warning: unknown config key "${key}" (ignored)`);

  starting = startNodeWebserver({ config, dbUrl: args.dbUrl, onLog: (line) => console.log(line) });
  const server = await starting;
  console.log(`tickhub webserver is running: ${server.url}/api/v1/ping`);
  console.log(`  username: ${config.api_server.username}`);
  console.log(`  password: in ${resolved.files.at(-1)} (api_server.password)`);
  if (resolved.created) console.log(`  (first run: created ${resolved.created} with fresh credentials, mode 0600)`);
}

main().catch((e) => {
  if (e instanceof ConfigError || e instanceof InsecureConfigError || e instanceof ListenError) {
    console.error(e.message);
  } else {
    console.error(`tickhub webserver failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  process.exit(1);
});
