// Bot control: start, stop, pause (aliases stopentry / stopbuy, as newer freqtrade), reload_config.

import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { BotApi } from '../../bot/api.ts';
import type { ApiDeps, AppEnv } from '../context.ts';
import { StatusMsg } from '../wire/index.ts';
import { botOf, ok, privateRoute } from './common.ts';

const tags = ['Bot-control'];

const ACTIONS: [string, string, (bot: BotApi) => Promise<string>][] = [
  ['start', 'Start trading (also resumes a paused bot)', (b) => b.start()],
  ['stop', 'Stop trading', (b) => b.stop()],
  ['pause', 'Pause: manage open trades, no new entries', (b) => b.pause()],
  ['stopentry', 'Alias of /pause', (b) => b.pause()],
  ['stopbuy', 'Deprecated alias of /pause', (b) => b.pause()],
  ['reload_config', 'Re-read the configuration', (b) => b.reloadConfig()],
];

export function registerControlRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps, auth: MiddlewareHandler<AppEnv>): void {
  for (const [name, summary, act] of ACTIONS) {
    app.openapi(
      privateRoute(auth, { method: 'post', path: `/api/v1/${name}`, tags, summary, response: StatusMsg }),
      async () => ok({ status: await act(botOf(deps)) }),
    );
  }
}
