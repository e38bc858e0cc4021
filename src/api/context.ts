// What the API needs from the process around it. Hosts build this; routes only read it.

import type { Context } from 'hono';
import type { Bot } from '../bot/bot.ts';
import type { Config } from '../config/schema.ts';
import type { Db } from '../db/client.ts';
import type { ExchangeListEntry } from '../exchange/ccxt/exchange-list.ts';
import type { StrategyRegistry } from '../strategy/loader.ts';
import type { Clock } from '../util/clock.ts';
import type { FiatConverter } from '../util/fiat-convert.ts';
import type { Logger, LogHub } from '../util/logger.ts';
import type { LoginGuard } from './auth/lockout.ts';
import type { WebserverServices } from './webserver/services.ts';

export interface SysInfo {
  cpu_pct: number[];
  ram_pct: number;
}

export interface ApiHost {
  runtime: 'node' | 'workers';
  /** The peer address of the request (socket address on Node, CF-Connecting-IP on Workers). */
  clientIp(c: Context): string;
  sysinfo(): Promise<SysInfo>;
  /** ccxt's exchanges for /exchanges (default: listed in-process). */
  exchangeList?(): Promise<ExchangeListEntry[]>;
  /** SHA-256 (hex) computed synchronously, where the runtime can (the auth cache keys; default: WebCrypto). */
  sha256HexSync?(text: string): string;
}

export interface ApiDeps {
  config(): Config;
  db: Db;
  /** The trading bot; absent in webserver mode (`npm run webserver`), where trade routes answer 502. */
  bot?: Bot;
  /** Webserver mode's services (background jobs, data download, pairlist evaluation, backtests). */
  webserver?: WebserverServices;
  clock: Clock;
  logs: LogHub;
  log: Logger;
  host: ApiHost;
  loginGuard: LoginGuard;
  version: string;
  /** Strategies for /strategies, /strategy/{name}, /pair_history, /plot_config (default: built-ins only). */
  strategies?: StrategyRegistry;
  /** Files of an installed UI (FreqUI build); absent → the built-in landing page. */
  uiFiles?: UiFiles;
  /** Swagger UI assets (swagger-ui-dist) for /docs; absent → /docs answers 404 with a detail. */
  staticAssets?: StaticAssets;
  /** Takes over an authenticated message-websocket request (absent: the route does not exist). */
  ws?: WsUpgrader;
  /** freqtrade's CryptoToFiatConverter for fiat_display_currency (absent: fiat figures stay 0 / null). */
  fiat?: FiatConverter;
}

/** The deps of a trading bot's API (`npm start`): the bot is always there. */
export type BotApiDeps = ApiDeps & { bot: Bot };

export interface StaticFile {
  body: Uint8Array | string;
  /** Content type. */
  type: string;
}

/** Reads a file of the swagger-ui-dist package by its plain file name ("swagger-ui.css"). */
export type StaticAssets = (name: string) => Promise<StaticFile | undefined>;

/**
 * The installed UI folder. `read` gets a path relative to the folder that the API already
 * checked (no '..', no leading '/', no backslash); the host must still refuse anything that
 * resolves outside the folder (symlinks).
 */
export interface UiFiles {
  read(relativePath: string): Promise<StaticFile | undefined>;
  /** Contents of `.uiversion`, or undefined when no UI is installed. */
  version(): Promise<string | undefined>;
}

/** The host part of the message websocket: upgrade the request and hand the socket to the hub. */
export interface WsUpgrader {
  upgrade(c: Context<AppEnv>): Response | Promise<Response>;
}

export interface AuthUser {
  username: string;
  readonly: boolean;
}

export type AppEnv = {
  Variables: {
    user: AuthUser;
    /** SHA-256 of an audited call's body, read only once its caller is authenticated (null: empty body). */
    bodyDigest: string | null;
  };
};
