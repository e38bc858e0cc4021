// The strategy's send_msg (freqtrade's IStrategy.send_msg and rpc.process_msg_queue): messages
// queue up during an iteration and go out at its end as strategy_msg RPC messages, to websocket
// subscribers and to the notifiers (which drop them unless allow_custom_messages). Without
// always_send, a message already sent during the current candle is suppressed (freqtrade's
// PeriodicCache with the timeframe as TTL).

import { timeframeToMs } from '../exchange/port.ts';
import type { Strategy } from '../strategy/types.ts';
import type { EngineContext } from './context.ts';

/** freqtrade's message cache size; the pending queue has the same bound. */
const MAX_MESSAGES = 1000;

class StrategyMessages {
  private readonly pending: string[] = [];
  /** message → start of the candle it was last queued in. */
  private readonly sentInCandle = new Map<string, number>();
  dropped = 0;

  add(message: string, alwaysSend: boolean, candleStart: number): void {
    const seen = this.sentInCandle.get(message) === candleStart;
    this.sentInCandle.delete(message);
    this.sentInCandle.set(message, candleStart);
    if (this.sentInCandle.size > MAX_MESSAGES) {
      this.sentInCandle.delete(this.sentInCandle.keys().next().value as string);
    }
    if (seen && !alwaysSend) return;
    if (this.pending.length >= MAX_MESSAGES) {
      this.dropped++;
      return;
    }
    this.pending.push(message);
  }

  take(): string[] {
    return this.pending.splice(0);
  }
}

const queues = new WeakMap<Strategy, StrategyMessages>();

/** Gives the strategy a working sendMsg (dry-run / live only; elsewhere it does nothing). */
export function attachStrategyMessages(ctx: EngineContext): void {
  const strategy = ctx.strategy;
  if (queues.has(strategy)) return;
  const queue = new StrategyMessages();
  queues.set(strategy, queue);
  const tfMs = timeframeToMs(ctx.settings.timeframe);
  strategy.sendMsg = (message, opts) => {
    const now = ctx.clock.now();
    queue.add(String(message), opts?.alwaysSend === true, now - (now % tfMs));
  };
}

/** Publishes the queued messages as strategy_msg (freqtrade's process_msg_queue, end of an iteration). */
export function flushStrategyMessages(ctx: EngineContext): void {
  const queue = queues.get(ctx.strategy);
  if (!queue) return;
  if (queue.dropped > 0) {
    ctx.log.warning(`Dropped ${queue.dropped} strategy messages: more than ${MAX_MESSAGES} in one iteration.`);
    queue.dropped = 0;
  }
  for (const msg of queue.take()) {
    ctx.log.info(`Sending rpc strategy_msg: ${msg}`);
    ctx.hub.publish({ type: 'strategy_msg', msg });
  }
}
