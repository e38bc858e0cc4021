// `npm start`: the Node host. Reads the config (creating the default on a first run), refuses
// insecure exposure, starts the bot and its API, and shuts down cleanly on SIGINT/SIGTERM.

import { ConfigError, loadConfig } from '../config/load.ts';
import { parseStartArgs } from './node/args.ts';
import { readConfigFiles, resolveConfig } from './node/config-files.ts';
import { DatabaseInUseError } from './node/db-lock.ts';
import { InsecureConfigError, ListenError, type RunningServer, startNodeServer } from './node/server.ts';

// Signals are handled from the first moment: one arriving during start-up waits for the start to
// finish, then shuts down cleanly like any other.
let starting: Promise<RunningServer> | undefined;
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
  if (args.verbosity !== undefined) config.verbosity = args.verbosity;
  for (const key of resolved.unknownKeys) console.warn(`warning: unknown config key "${key}" (ignored)`);

  starting = startNodeServer({
    config,
    configFiles: resolved.files,
    dbUrl: args.dbUrl,
    readConfig: () => {
      const next = loadConfig(readConfigFiles(resolved.files), process.env).config;
      if (args.userDataDir) next.user_data_dir = args.userDataDir;
      return next;
    },
    onLog: (line) => console.log(line),
  });
  const server = await starting;
  console.log(`tickhub is running: ${server.url}/api/v1/ping`);
  console.log(`  username: ${config.api_server.username}`);
  console.log(`  password: in ${resolved.files.at(-1)} (api_server.password)`);
  if (resolved.created) console.log(`  (first run: created ${resolved.created} with fresh credentials, mode 0600)`);
}

main().catch((e) => {
  if (
    e instanceof ConfigError ||
    e instanceof InsecureConfigError ||
    e instanceof ListenError ||
    e instanceof DatabaseInUseError
  ) {
    console.error(e.message);
  } else {
    console.error(`tickhub failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  process.exit(1);
});
