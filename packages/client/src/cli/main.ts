import { readFileSync } from 'node:fs';
import { TickhubClient } from '../client.ts';
import { ALL_MESSAGE_TYPES, type CommandArgs, findCommand, helpText } from '../commands.ts';
import { TickhubConnectionError, TickhubHttpError, TickhubTimeoutError } from '../errors.ts';
import type { RpcMessageType } from '../schemas/index.ts';
import { bindArgs, parseGlobalOptions, UsageError } from './args.ts';
import { type ApiServerSettings, ConfigError, loadApiServer, serverUrlFrom } from './config.ts';

export interface CliIo {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
}

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** JSON indented with 2 spaces for a terminal, one line when piped. */
export function formatOutput(value: unknown, pretty: boolean): string {
  return `${JSON.stringify(value === undefined ? null : value, null, pretty ? 2 : undefined)}\n`;
}

/** Runs the CLI and returns its exit code: 0 ok, 1 runtime error, 2 usage error. */
export async function main(io: CliIo): Promise<number> {
  const fail = (message: string, code: number) => {
    io.stderr.write(`Error: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    return code;
  };
  let serverUrl = '';
  try {
    const options = parseGlobalOptions(io.argv);
    if (options.version) {
      io.stdout.write(`tickhub-client ${packageVersion()}\n`);
      return 0;
    }
    const [name, ...args] = options.rest;
    if (options.show || name === 'help') {
      const only = args[0] ? findCommand(args[0]) : undefined;
      io.stdout.write(helpText(only));
      return 0;
    }
    if (!name) {
      io.stderr.write(helpText());
      return 2;
    }
    const command = findCommand(name);
    if (!command) {
      io.stderr.write(`Error: command ${name} not defined\n\n${helpText()}`);
      return 2;
    }
    const bound = bindArgs(command, args);

    const settings: ApiServerSettings = loadApiServer(options.configs);
    serverUrl = options.url ?? io.env.TICKHUB_CLIENT_URL ?? serverUrlFrom(settings);
    const username = options.username ?? io.env.TICKHUB_CLIENT_USERNAME ?? settings.username;
    const password = options.password ?? io.env.TICKHUB_CLIENT_PASSWORD ?? settings.password;
    const client = new TickhubClient(serverUrl, username, password, { timeoutMs: options.timeoutMs });

    if (command.name === 'subscribe') return await streamMessages(client, bound, settings, io);

    const result = await command.run(client, bound);
    io.stdout.write(formatOutput(result, options.pretty ?? io.stdout.isTTY === true));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message, 2);
    if (error instanceof ConfigError) return fail(error.message, 1);
    if (error instanceof TickhubHttpError) return fail(`${error.status} ${error.detail}`, 1);
    if (error instanceof TickhubConnectionError) {
      // A browser-style WebSocket hides the handshake's HTTP status: a refused token looks like a dead server.
      if (/^wss?:/.test(error.url)) {
        return fail(`could not connect to the message websocket ${error.url} (server unreachable or token refused)`, 1);
      }
      return fail(`could not connect to ${serverUrl || error.url}`, 1);
    }
    if (error instanceof TickhubTimeoutError) return fail(error.message, 1);
    return fail(error instanceof Error ? error.message : String(error), 1);
  }
}

async function streamMessages(
  client: TickhubClient,
  args: CommandArgs,
  settings: ApiServerSettings,
  io: CliIo,
): Promise<number> {
  const wsToken = Array.isArray(settings.ws_token) ? settings.ws_token[0] : settings.ws_token;
  let token = (args.token as string | undefined) ?? io.env.TICKHUB_CLIENT_WS_TOKEN ?? wsToken;
  if (!token) token = (await client.login()).access_token;
  const types = (args.types as RpcMessageType[] | undefined) ?? ALL_MESSAGE_TYPES;
  const unknown = types.filter((type) => !ALL_MESSAGE_TYPES.includes(type));
  if (unknown.length > 0) throw new UsageError(`unknown message type ${unknown.join(', ')}`);
  const stream = client.subscribe(types, { token });
  const stop = () => stream.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await stream.opened;
    const limit = args.count as number | undefined;
    let seen = 0;
    for await (const message of stream) {
      io.stdout.write(`${JSON.stringify(message)}\n`);
      if (limit !== undefined && ++seen >= limit) break;
    }
    return 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    stream.close();
  }
}
