// What freqtrade does when its process stops (cleanup) and on each loop while the bot is stopped
// (process_stopped): with cancel_open_orders_on_exit, every open entry / exit order is cancelled.

import { openTradeCount } from '../db/repo/trades.ts';
import type { EngineContext } from './context.ts';
import { cancelAllOpenOrders } from './orders/cancel-all.ts';
import { publishOpenTradesWarning } from './startup-messages.ts';

export async function processStopped(ctx: EngineContext): Promise<void> {
  if (ctx.config.cancel_open_orders_on_exit) await cancelAllOpenOrders(ctx);
}

/** freqtrade's FreqtradeBot.cleanup: errors are logged, never thrown (the database may be going away). */
export async function cleanupOnExit(ctx: EngineContext): Promise<void> {
  ctx.log.info('Cleaning up modules ...');
  try {
    await processStopped(ctx);
    publishOpenTradesWarning(ctx.hub, await openTradeCount(ctx.db), ctx.exchange.name);
  } catch (e) {
    ctx.log.warning(`Exception during cleanup: ${e instanceof Error ? `${e.name} ${e.message}` : String(e)}`);
  }
}
