// What the API needs from the process around it. Hosts build this; routes only read it.

import type { Context } from 'hono';
import type { Bot } from '../bot/bot.ts';
import type { Config } from '../config/schema.ts';
import type { Db } from '../db/client.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger, LogHub } from '../util/logger.ts';
import type { LoginGuard } from './auth/lockout.ts';

export interface SysInfo {
  cpu_pct: number[];
  ram_pct: number;
}

export interface ApiHost {
  runtime: 'node' | 'workers';
  /** The peer address of the request (socket address on Node, CF-Connecting-IP on Workers). */
  clientIp(c: Context): string;
  sysinfo(): Promise<SysInfo>;
}

export interface ApiDeps {
  config(): Config;
  db: Db;
  bot: Bot;
  clock: Clock;
  logs: LogHub;
  log: Logger;
  host: ApiHost;
  loginGuard: LoginGuard;
  version: string;
  /** Takes over an authenticated message-websocket request (absent: the route does not exist). */
  ws?: WsUpgrader;
}

/** The host part of the message websocket: upgrade the request and hand the socket to the hub. */
export interface WsUpgrader {
  upgrade(c: Context<AppEnv>): Response | Promise<Response>;
}

export interface AuthUser {
  username: string;
  readonly: boolean;
}

export type AppEnv = { Variables: { user: AuthUser } };
