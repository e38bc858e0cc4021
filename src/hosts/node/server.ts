// Wires a whole bot on Node: config → logger → database → bot → API → HTTP server.
// `startNodeServer` is what `npm start` runs and what integration tests start in-process.

import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { MemoryLockoutStore } from '../../api/auth/lockout.ts';
import type { ApiDeps, ApiHost, AppEnv, BotApiDeps } from '../../api/context.ts';
import { clientIpBehindProxies } from '../../api/middleware/client-ip.ts';
import type { Bot } from '../../bot/bot.ts';
import { ExternalMessageConsumer } from '../../bot/consumer/consumer.ts';
import type { ProducerClientSettings } from '../../bot/consumer/producer-client.ts';
import { defaultDbUrl } from '../../config/defaults.ts';
import type { Config } from '../../config/schema.ts';
import { checkSecurity } from '../../config/security.ts';
import type { NotifierHub } from '../../notify/notifier.ts';
import type { TelegramChannel } from '../../notify/telegram/channel.ts';
import { warmReports } from '../../reports/profit-closed.ts';
import type { WsBotView } from '../../rpc/ws-protocol.ts';
import { StrategyRegistry } from '../../strategy/loader.ts';
import { type Clock, systemClock } from '../../util/clock.ts';

import { botWsView, composeApi, composeBot, createLogs, inProcessApi } from '../compose.ts';
import { startTicker } from './bot.ts';

import { answerClientError } from './client-error.ts';
import { normaliseDbUrl, openDatabase } from './database.ts';
import { databaseFile, lockDatabase } from './db-lock.ts';
import { nodeExchangeList } from './exchange-list.ts';
import { withKeptAnswers } from './fast-kept.ts';
import { withFastPing } from './fast-ping.ts';
import { swaggerUiAssets } from './static-assets.ts';
import { NodeStrategySource } from './strategy-source.ts';
import { nodeSysInfo } from './sysinfo.ts';
import { NodeUiFiles } from './ui-files.ts';
import { nodeProducerConnector } from './ws-client.ts';
import { NodeWsHub, type WsHubOptions } from './ws-hub.ts';

export interface NodeServerOptions {
  config: Config;
  configFiles: string[];
  dbUrl?: string;
  /** Overrides api_server.listen_port (0 picks a free port: tests). */
  port?: number;
  clock?: Clock;
  /** Re-reads the config files (for /reload_config). */
  readConfig?: () => Config;
  /** Tests: ccxt talks to this loopback fake exchange instead of the real one. */
  ccxtUrlOverride?: string;
  /** Tests drive ticks themselves when false. */
  autoTick?: boolean;
  /** Extra log sink (the CLI prints to the console). */
  onLog?: (line: string) => void;
  /** Websocket hub tuning (tests use small bounds and fast keep-alive). */
  wsHub?: Partial<WsHubOptions>;
  /** Producer-client timing overrides (tests reconnect faster than sleep_time's 1 s minimum). */
  consumer?: Partial<ProducerClientSettings>;
  /** Serves websocket requests from this view instead of the bot's (tests, until the engine has frames). */
  wsView?: WsBotView;
}

export interface RunningServer {
  url: string;
  port: number;
  deps: BotApiDeps;
  /** The API app itself (in-process calls, as Telegram makes them). */
  app: OpenAPIHono<AppEnv>;
  /** The message-websocket hub (also the bot's Hub). */
  hub: NodeWsHub;
  /** Producer/consumer mode's clients and data, when external_message_consumer is enabled. */
  consumer?: ExternalMessageConsumer;
  /** The webhook/Discord/Telegram channels, when the config enables any. */
  notifier?: NotifierHub;
  close(): Promise<void>;
}

export class InsecureConfigError extends Error {}
/** The API cannot listen (port taken, address not on this machine): one line saying what to change. */
export class ListenError extends Error {}

function listenError(e: unknown, host: string, port: number): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  const portKeys = 'api_server.listen_port in the config or TICKHUB__API_SERVER__LISTEN_PORT';
  if (code === 'EADDRINUSE') {
    return new ListenError(
      `Port ${port} on ${host} is already in use (another tickhub or freqtrade?): stop it, or choose another port with ${portKeys}.`,
    );
  }
  if (code === 'EACCES') {
    return new ListenError(
      `Not allowed to listen on port ${port} on ${host}: choose a port above 1023 with ${portKeys}.`,
    );
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new ListenError(
      `Cannot listen on ${host}: no such address on this machine; fix api_server.listen_ip_address (or TICKHUB__API_SERVER__LISTEN_IP_ADDRESS).`,
    );
  }
  return e;
}

/**
 * What both Node modes do first: judge the config's exposure, start the log hub (printing each
 * record through `onLog`), and log the security warnings a loopback-only config may carry.
 */
export function startHostLogs(config: Config, clock: Clock, onLog?: (line: string) => void) {
  const verdict = securityVerdict(config);
  const logs = createLogs(config, clock, onLog && ((r) => onLog(`${r[0]} - ${r[2]} - ${r[3]} - ${r[4]}`)));
  const log = logs.logger('tickhub');
  for (const w of verdict.warnings) log.warning(`Security: ${w.key} ${w.message} (acceptable only on loopback).`);
  return { logs, log };
}

export async function startNodeServer(opts: NodeServerOptions): Promise<RunningServer> {
  const config = opts.config;
  const clock = opts.clock ?? systemClock;
  const { logs, log } = startHostLogs(config, clock, opts.onLog);

  const dbUrl = normaliseDbUrl(opts.dbUrl ?? defaultDbUrl(config));
  const dbFile = databaseFile(dbUrl);
  if (dbFile) mkdirSync(dirname(resolvePath(dbFile)), { recursive: true });
  const lock = dbFile ? lockDatabase(dbFile) : undefined;
  if (lock?.recovered) log.warning(`Took over the stale lock ${lock.path} (its bot is gone): ${lock.recovered}`);
  const database = await openDatabase(dbUrl).catch((e) => {
    lock?.release();
    throw e;
  });
  // Producer/consumer mode: started once the API listens; its data is ready for the bot to read.
  const emc = config.external_message_consumer;
  const consumer = emc.enabled
    ? new ExternalMessageConsumer(emc, nodeProducerConnector, logs.logger('tickhub.consumer'), opts.consumer)
    : undefined;
  // The bot publishes through the hub; the hub answers websocket requests from the bot.
  let bot: Bot | undefined;
  const hub = new NodeWsHub(opts.wsView ?? botWsView(() => bot), logs.logger('tickhub.ws'), opts.wsHub);
  const strategySource = (c: Config) =>
    new NodeStrategySource(join(c.user_data_dir, 'strategies'), {
      onImportError: (file, err) => log.warning(`Could not import strategy file ${file}: ${(err as Error)?.message}`),
    });
  const {
    bot: started,
    notifier,
    fiat,
  } = await composeBot({
    config,
    db: database.db,
    clock,
    logs,
    hub,
    market: { ccxtUrlOverride: opts.ccxtUrlOverride },
    strategySource,
    readConfig: opts.readConfig,
    producers: consumer,
    files: { read: (path) => readFile(path, 'utf8'), write: (path, text) => writeFile(path, text) },
  });
  bot = started;

  const { deps, app } = composeApi({
    db: database.db,
    bot: started,
    clock,
    logs,
    host: nodeApiHost(() => started.config),
    lockoutStore: new MemoryLockoutStore(),
    strategies: new StrategyRegistry({ source: strategySource(config) }),
    uiFiles: new NodeUiFiles(config.api_server.ui_path ?? join(config.user_data_dir, 'ui', 'installed')),
    staticAssets: swaggerUiAssets(),
    ws: hub,
    fiat,
  });
  notifier?.channel<TelegramChannel>('telegram')?.startPolling(inProcessApi(app));

  const { server, url, port } = await listen(app, config, opts.port, hub, deps).catch(async (e) => {
    await notifier?.close();
    await hub.close();
    await started.serial(async () => undefined);
    database.close();
    lock?.release();
    throw e;
  });
  const stopTicker = opts.autoTick === false ? async () => undefined : startTicker(started, log);
  log.info(`API listening on ${url}`);
  consumer?.start();
  warmReports(database.db);

  let closed = false;
  return {
    url,
    port,
    deps,
    app,
    hub,
    consumer,
    notifier,
    async close() {
      if (closed) return;
      closed = true;
      await consumer?.stop();
      await stopTicker();
      // freqtrade's cleanup (cancel_open_orders_on_exit), while the notifiers can still report it.
      await started.cleanup();
      await notifier?.close();
      await hub.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await started.serial(async () => undefined);
      database.close();
      lock?.release();
      log.info('Shut down cleanly.');
    },
  };
}

/** The host of the API on Node: socket peer address (or X-Forwarded-For from trusted proxies), sysinfo. */
export function nodeApiHost(config: () => Config): ApiHost {
  return {
    runtime: 'node',
    clientIp: (c) =>
      clientIpBehindProxies(
        (c.env as any)?.incoming?.socket?.remoteAddress,
        c.req.header('x-forwarded-for'),
        config().api_server.trusted_proxies,
      ),
    sysinfo: nodeSysInfo,
    exchangeList: nodeExchangeList,
    sha256HexSync: (text) => createHash('sha256').update(text).digest('hex'),
  };
}

/**
 * Serves the app on the configured address (port 0: a free one), websockets through the hub, and
 * plain pings and the app's kept answers ahead of the app (fast-ping.ts, fast-kept.ts), judged by
 * the config the app currently runs with.
 */
export async function listen(
  app: { fetch: (req: Request, env?: any) => Response | Promise<Response> },
  config: Config,
  portOverride: number | undefined,
  hub: NodeWsHub,
  deps: ApiDeps,
): Promise<{ server: ServerType; url: string; port: number }> {
  const liveConfig = () => deps.config();
  const hostname = config.api_server.listen_ip_address;
  const listenPort = portOverride ?? config.api_server.listen_port;
  const server: ServerType = await new Promise<ServerType>((resolve, reject) => {
    const s = serve(
      {
        fetch: app.fetch,
        hostname,
        port: listenPort,
        websocket: { server: hub.wss },
        createServer: ((options: object, listener: Parameters<typeof createServer>[0]) =>
          createServer(
            options,
            withFastPing(liveConfig, withKeptAnswers(deps, listener as never)),
          )) as typeof createServer,
      },
      () => resolve(s),
    );
    s.once('error', reject);
    s.on('clientError', answerClientError);
  }).catch((e) => {
    throw listenError(e, hostname, listenPort);
  });
  // A slow upload (a body trickling in) is cut by Node itself a little after the API's own
  // timeout answered, so it cannot hold a socket and a request for Node's default 5 minutes.
  const http = server as unknown as { requestTimeout: number; headersTimeout: number };
  http.requestTimeout = (config.api_server.request_timeout_secs + 5) * 1000;
  http.headersTimeout = Math.min(http.headersTimeout, http.requestTimeout);
  const port = (server.address() as AddressInfo).port;
  const shownHost = hostname.includes(':') ? `[${hostname}]` : hostname;
  return { server, url: `http://${shownHost}:${port}`, port };
}

/** Refuses an insecure exposure beyond loopback; answers the warnings to log. */
export function securityVerdict(config: Config): ReturnType<typeof checkSecurity> {
  const verdict = checkSecurity(config);
  if (verdict.fatal.length > 0) {
    throw new InsecureConfigError(
      `Refusing to listen on ${config.api_server.listen_ip_address} (beyond loopback) with an insecure configuration:\n` +
        verdict.fatal.map((f) => `  - ${f.key} ${f.message}`).join('\n'),
    );
  }
  return verdict;
}
