// A notification channel receives every RPC message the bot publishes; sending is
// fire-and-forget (its own bounded queue), so a channel never slows the caller.

import type { Config } from '../config/schema.ts';
import type { RpcMessage } from '../rpc/messages.ts';
import type { FiatConverter } from '../util/fiat-convert.ts';
import type { Logger } from '../util/logger.ts';
import type { MarketDirection } from './telegram/command-context.ts';

export interface NotifyChannel {
  readonly name: string;
  send(message: RpcMessage): void;
  /** Resolves when nothing is pending (tests, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface ChannelContext {
  /** The current config (templates follow a config reload). */
  config: () => Config;
  /** The running strategy's name and timeframe (Discord adds them to each message). */
  strategy: () => { name: string; timeframe: string };
  log: Logger;
  fetch?: typeof fetch;
  /** The bot's clock (ms); Telegram's ages and "Updated:" stamps. */
  now?: () => number;
  /** The last analysed candle of a pair (Telegram's show_candle). */
  lastCandle?: (pair: string) => { open: number; high: number; low: number; close: number } | undefined;
  /** The running strategy's market_direction (Telegram's /marketdir). */
  marketDirection?: { get(): MarketDirection; set(direction: MarketDirection): void };
  /** fiat_display_currency prices (Telegram's " / 1.234 USD" parts). */
  fiat?: FiatConverter;
}

/** The message as the flat field map freqtrade formats templates with. */
export function messageFields(message: RpcMessage): Record<string, unknown> {
  return { ...(message as unknown as Record<string, unknown>) };
}
