// Small persisted values (bot state, start time, runtime blacklist, ...), stored as JSON.

import { eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { kv } from '../schema.ts';

export async function getValue<T>(db: Db, key: string): Promise<T | undefined> {
  const rows = await db.select({ value: kv.value }).from(kv).where(eq(kv.key, key)).limit(1);
  return rows.length === 0 ? undefined : (JSON.parse(rows[0].value) as T);
}

export function setValueQuery(db: Db, key: string, value: unknown, now: number) {
  const text = JSON.stringify(value);
  return db
    .insert(kv)
    .values({ key, value: text, updatedAt: now })
    .onConflictDoUpdate({ target: kv.key, set: { value: text, updatedAt: now } });
}

export async function setValue(db: Db, key: string, value: unknown, now: number): Promise<void> {
  await setValueQuery(db, key, value, now);
}
