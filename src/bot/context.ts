// What every part of the engine works with. Built by the Bot; passed to tick steps and commands.

import type { Config } from '../config/schema.ts';
import type { Db } from '../db/client.ts';
import type { CandleType, Exchange, Market } from '../exchange/port.ts';
import type { Hub } from '../rpc/hub.ts';
import type { Frame, Strategy } from '../strategy/types.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import type { TradingSettings } from './settings.ts';

/** Producer/consumer mode data (the consumer side), when enabled. */
export interface ProducerView {
  producerWhitelist(producerName?: string): string[];
  producerFrame(
    pair: string,
    timeframe: string,
    candleType: string,
    producerName?: string,
  ): { frame: Frame } | undefined;
}

export interface EngineContext {
  config: Config;
  settings: TradingSettings;
  db: Db;
  /** Where orders go: the dry-run broker in dry-run, the real exchange live. */
  exchange: Exchange;
  strategy: Strategy;
  clock: Clock;
  log: Logger;
  hub: Hub;
  /** Random per-database prefix of client order ids, so ids never repeat across databases. */
  orderIdPrefix: string;
  producers?: ProducerView;
  /** Called after each analysis (the host publishes analyzed_df with its dataframe encoding). */
  onAnalyzed?: (pair: string, timeframe: string, candleType: CandleType, frame: Frame, at: number) => void;
}

export function marketOf(ctx: EngineContext, pair: string): Market | undefined {
  return ctx.exchange.markets()[pair];
}
