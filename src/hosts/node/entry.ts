// What `npm start` and `npm run webserver` share: the command line and config files read the same
// way, SIGINT/SIGTERM handled from the first moment (a signal during start-up waits for the start
// to finish, then shuts down cleanly), the same start-up lines, and one clear line for a refusal.

import { ConfigError } from '../../config/load.ts';
import type { Config } from '../../config/schema.ts';
import { parseStartArgs, type StartArgs, UsageError, usage } from './args.ts';
import { type ResolvedConfig, resolveConfig } from './config-files.ts';
import { DatabaseInUseError } from './db-lock.ts';
import { startIdleGc } from './idle-gc.ts';
import { InsecureConfigError, ListenError } from './server.ts';

interface Started {
  url: string;
  close(): Promise<void>;
}

export interface NodeEntry<S extends Started> {
  /** "tickhub" or "tickhub webserver": starts the lines the user reads. */
  name: string;
  /** How the user runs it, for the usage text: "npm start". */
  command: string;
  start(config: Config, args: StartArgs, resolved: ResolvedConfig): Promise<S>;
}

/** Errors whose message is the whole story for the user: printed without a stack. */
function isRefusal(e: unknown): e is Error {
  return (
    e instanceof ConfigError ||
    e instanceof InsecureConfigError ||
    e instanceof ListenError ||
    e instanceof DatabaseInUseError
  );
}

export function runNodeEntry<S extends Started>(entry: NodeEntry<S>): void {
  let starting: Promise<S> | undefined;
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, shutting down...`);
    const server = await starting?.catch(() => undefined);
    await server?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const main = async (): Promise<void> => {
    const args = parseStartArgs(process.argv.slice(2));
    if (args.help) {
      console.log(usage(entry.command));
      return;
    }
    const resolved = resolveConfig(args.configFiles, args.userDataDir ?? 'user_data', process.env);
    const config = resolved.config;
    if (args.userDataDir) config.user_data_dir = args.userDataDir;
    if (args.verbosity !== undefined) config.verbosity = args.verbosity;
    for (const key of resolved.unknownKeys) console.warn(`warning: unknown config key "${key}" (ignored)`);

    starting = entry.start(config, args, resolved);
    const server = await starting;
    startIdleGc();
    // One write: a reader that waits for "is running" then sees the whole banner.
    const banner = [
      `${entry.name} is running: ${server.url}/api/v1/ping`,
      `  username: ${config.api_server.username}`,
      `  password: in ${resolved.files.at(-1)} (api_server.password)`,
      ...(resolved.created ? [`  (first run: created ${resolved.created} with fresh credentials, mode 0600)`] : []),
    ];
    console.log(banner.join('\n'));
  };

  main().catch((e) => {
    if (e instanceof UsageError) {
      console.error(`${usage(entry.command)}\n\n${entry.name}: ${e.message}`);
      process.exit(2);
    }
    if (isRefusal(e)) console.error(e.message);
    else console.error(`${entry.name} failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  });
}
