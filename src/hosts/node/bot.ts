// The tick timer of the Node host: the bot ticks every internals.process_throttle_secs.

import type { Bot } from '../../bot/bot.ts';
import type { Logger } from '../../util/logger.ts';

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
