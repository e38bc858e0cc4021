// What a host hands the Bot, and what the Bot reports about its ticks.

import type { Config } from '../config/schema.ts';
import type { Db } from '../db/client.ts';
import type { Exchange } from '../exchange/port.ts';
import type { Hub } from '../rpc/hub.ts';
import type { Strategy } from '../strategy/types.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import type { EngineContext, ProducerView } from './context.ts';

export interface ReloadedConfig {
  config: Config;
  strategy: Strategy;
}

export interface BotDeps {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  hub: Hub;
  /** Where orders go and market data comes from (the dry-run broker in dry-run). */
  exchange: Exchange;
  strategy: Strategy;
  /** Re-reads the config files and loads the strategy (throws on a bad config). */
  reloadConfig?: () => Promise<ReloadedConfig>;
  /** Called after each pair analysis (the hosts publish analyzed_df from it). */
  onAnalyzed?: EngineContext['onAnalyzed'];
  /** Producer/consumer mode (consumer side): producers' whitelists and frames. */
  producers?: ProducerView;
  /** Local files for RemotePairList's file:/// URLs and save_to_file (hosts with a file system). */
  files?: { read(path: string): Promise<string>; write(path: string, text: string): Promise<void> };
}

export interface TickTimings {
  /** Milliseconds spent in each phase of the last tick (wall clock). */
  pairlist: number;
  candles: number;
  analyse: number;
  orders: number;
  decide: number;
}
