// Builds the Bot on Node: market + dry-run broker + strategy from user_data/strategies, config
// reloads from the same files, and the tick timer at internals.process_throttle_secs.

import { join } from 'node:path';
import { Bot } from '../../bot/bot.ts';
import type { BotDeps } from '../../bot/deps.ts';
import { createMarket, loadStrategy, orderExchange } from '../../bot/factory.ts';
import type { Config } from '../../config/schema.ts';
import type { Db } from '../../db/client.ts';
import type { Hub } from '../../rpc/hub.ts';
import type { Clock } from '../../util/clock.ts';
import type { Logger } from '../../util/logger.ts';
import { NodeStrategySource } from './strategy-source.ts';

export interface NodeBotOptions {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  hub: Hub;
  /** Re-reads and validates the config files (for /reload_config). */
  readConfig?: () => Config;
  ccxtUrlOverride?: string;
  onAnalyzed?: BotDeps['onAnalyzed'];
  producers?: BotDeps['producers'];
}

export async function createNodeBot(opts: NodeBotOptions): Promise<Bot> {
  const { config, db, clock, log } = opts;
  const strategySource = (c: Config) =>
    new NodeStrategySource(join(c.user_data_dir, 'strategies'), {
      onImportError: (file, e) => log.warning(`Could not import strategy file ${file}: ${(e as Error)?.message ?? e}`),
    });
  const market = await createMarket(config, { clock, log, ccxtUrlOverride: opts.ccxtUrlOverride });
  const bot = new Bot({
    config,
    db,
    clock,
    log,
    hub: opts.hub,
    exchange: orderExchange(config, market, db, clock),
    strategy: await loadStrategy(config, strategySource(config), log),
    onAnalyzed: opts.onAnalyzed,
    producers: opts.producers,
    reloadConfig: opts.readConfig
      ? async () => {
          const next = opts.readConfig!();
          return { config: next, strategy: await loadStrategy(next, strategySource(next), log) };
        }
      : undefined,
  });
  await bot.init();
  return bot;
}

/** Ticks the bot every process_throttle_secs (read on each round, so a reload applies). */
export function startTicker(bot: Bot, log: Logger): () => Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const loop = () => {
    if (stopped) return;
    running = bot.tick().catch((e) => log.error(`Tick failed: ${e instanceof Error ? e.message : e}`));
    void running.then(() => {
      if (!stopped) timer = setTimeout(loop, bot.config.internals.process_throttle_secs * 1000);
    });
  };
  timer = setTimeout(loop, 0);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
