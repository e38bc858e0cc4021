// Bot states (freqtrade's running / stopped / paused) persisted in the kv table, so a restart
// resumes where the bot was.

import type { Db } from '../db/client.ts';
import { getValue, setValue } from '../db/repo/kv.ts';

export type BotState = 'running' | 'stopped' | 'paused';

const STATE_KEY = 'bot_state';
const FIRST_START_KEY = 'bot_start_time';
const ORDER_ID_PREFIX_KEY = 'order_id_prefix';
const RUNTIME_BLACKLIST_KEY = 'blacklist_runtime';

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

/** This database's prefix of client order ids, made once (5 random base-36 characters). */
export async function orderIdPrefix(db: Db, now: number): Promise<string> {
  const saved = await getValue<string>(db, ORDER_ID_PREFIX_KEY);
  if (saved) return saved;
  const bytes = new Uint8Array(3);
  crypto.getRandomValues(bytes);
  const prefix = [...bytes]
    .map((x) => x.toString(36).padStart(2, '0'))
    .join('')
    .slice(0, 5);
  await setValue(db, ORDER_ID_PREFIX_KEY, prefix, now);
  return prefix;
}

/** Blacklist entries added through the API (they outlive restarts). */
export async function loadRuntimeBlacklist(db: Db): Promise<string[]> {
  return (await getValue<string[]>(db, RUNTIME_BLACKLIST_KEY)) ?? [];
}

export async function saveRuntimeBlacklist(db: Db, entries: string[], now: number): Promise<void> {
  await setValue(db, RUNTIME_BLACKLIST_KEY, entries, now);
}
