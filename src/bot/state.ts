// Bot states (freqtrade's running / stopped / paused) persisted in the kv table, so a restart
// resumes where the bot was.

import type { Db } from '../db/client.ts';
import { getValue, setValue } from '../db/repo/kv.ts';

export type BotState = 'running' | 'stopped' | 'paused';

const STATE_KEY = 'bot_state';
const FIRST_START_KEY = 'bot_start_time';

export async function loadState(db: Db): Promise<BotState | undefined> {
  return getValue<BotState>(db, STATE_KEY);
}

export async function saveState(db: Db, state: BotState, now: number): Promise<void> {
  await setValue(db, STATE_KEY, state, now);
}

/** First-ever start of the bot (ms), recorded once. */
export async function firstStartTime(db: Db, now: number): Promise<number> {
  const existing = await getValue<number>(db, FIRST_START_KEY);
  if (existing !== undefined) return existing;
  await setValue(db, FIRST_START_KEY, now, now);
  return now;
}
