// What happens when a trade closes: protections may lock the pair or every pair.

import { insertLock } from '../db/repo/locks.ts';
import { closedTradesSince } from '../db/repo/trades.ts';
import type { TradeRow } from '../db/schema.ts';
import { datetimePrintFormat } from '../domain/dates.ts';
import { lockEndTime } from '../domain/protections.ts';
import { timeframeToMs } from '../exchange/port.ts';
import { lockMessage } from '../rpc/lock-json.ts';
import type { EngineContext } from './context.ts';
import { evaluateProtections, longestLookbackMs } from './protections.ts';

export async function onTradeClosed(ctx: EngineContext, trade: TradeRow): Promise<void> {
  const protections = ctx.config.protections;
  if (protections.length === 0) return;
  const now = ctx.clock.now();
  const tfMs = timeframeToMs(ctx.settings.timeframe);
  const recent = await closedTradesSince(ctx.db, now - longestLookbackMs(protections, tfMs));
  const decisions = evaluateProtections(protections, trade, recent, { now, timeframeMs: tfMs });
  for (const d of decisions) {
    const lock = await insertLock(ctx.db, {
      pair: d.pair,
      side: d.side,
      reason: d.reason,
      lockTime: now,
      // freqtrade's PairLocks.lock_pair moves the end to the next candle boundary.
      lockEndTime: lockEndTime(d.until, tfMs),
    });
    ctx.log.info(
      `Protection ${d.method} locked ${d.pair} (${d.side}) until ${datetimePrintFormat(lockEndTime(d.until, tfMs))}: ${d.reason}`,
    );
    ctx.hub.publish(lockMessage(lock, d.pair === '*' ? null : trade.baseCurrency));
  }
}
