// Trade custom data (freqtrade's trade_custom_data table) as the API lists it.

import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import { selectByIds } from '../db/bound-parameters.ts';
import type { Db } from '../db/client.ts';
import { customData, trades } from '../db/schema.ts';
import { pydanticDatetime } from '../domain/dates.ts';

export interface CustomDataEntry {
  key: string;
  type: string;
  value: unknown;
  created_at: string;
  updated_at: string | null;
}

/** Stored values are JSON text; a value that is not JSON is returned as the raw string. */
function decode(type: string, text: string): unknown {
  if (type === 'str') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** What freqtrade's Telegram /list_custom_data prints besides the REST fields: the entry id and the stored text. */
export interface StoredCustomData {
  id: number;
  cd_value: string;
}

/** Per trade its entries; `stored` adds the entry id and stored text (in-process callers: Telegram). */
export async function customDataFor(db: Db, tradeIds: number[], key?: string, stored = false) {
  if (tradeIds.length === 0) return [];
  const rows = await selectByIds(tradeIds, key ? 1 : 0, (ids) => {
    const conds: SQL[] = [inArray(customData.ftTradeId, ids)];
    if (key) conds.push(eq(customData.cdKey, key));
    return db
      .select()
      .from(customData)
      .where(and(...conds))
      .orderBy(asc(customData.ftTradeId), asc(customData.id));
  });
  const byTrade = new Map<number, CustomDataEntry[]>();
  for (const r of rows) {
    const list = byTrade.get(r.ftTradeId) ?? [];
    const entry: CustomDataEntry = {
      key: r.cdKey,
      type: r.cdType,
      value: decode(r.cdType, r.cdValue),
      created_at: pydanticDatetime(r.createdAt),
      updated_at: r.updatedAt === null ? null : pydanticDatetime(r.updatedAt),
    };
    list.push(stored ? Object.assign(entry, { id: r.id, cd_value: r.cdValue } satisfies StoredCustomData) : entry);
    byTrade.set(r.ftTradeId, list);
  }
  return tradeIds
    .filter((id) => byTrade.has(id))
    .map((id) => ({ trade_id: id, custom_data: byTrade.get(id) as CustomDataEntry[] }));
}

export async function tradeExists(db: Db, id: number): Promise<boolean> {
  const rows = await db.select({ id: trades.id }).from(trades).where(eq(trades.id, id)).limit(1);
  return rows.length > 0;
}

export async function openTradeIds(db: Db, limit: number, offset: number): Promise<number[]> {
  const rows = await db
    .select({ id: trades.id })
    .from(trades)
    .where(eq(trades.isOpen, true))
    .orderBy(asc(trades.id))
    .limit(limit)
    .offset(offset);
  return rows.map((r) => r.id);
}
