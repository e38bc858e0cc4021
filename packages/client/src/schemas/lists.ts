import { z } from 'zod';
import { BODY_BOUNDS, boundedLaxInt, int, msTimestamp } from './common.ts';

/** GET /whitelist. */
export const Whitelist = z
  .object({ whitelist: z.array(z.string()), length: int(), method: z.array(z.string()) })
  .meta({ id: 'Whitelist' });
export type Whitelist = z.infer<typeof Whitelist>;

/** GET, POST and DELETE /blacklist. Per-pair failures of a change go to `errors`. */
export const Blacklist = z
  .object({
    blacklist: z.array(z.string()),
    blacklist_expanded: z.array(z.string()),
    errors: z.record(z.string(), z.object({ error_msg: z.string() })),
    length: int(),
    method: z.array(z.string()),
  })
  .meta({ id: 'Blacklist' });
export type Blacklist = z.infer<typeof Blacklist>;

/** POST /blacklist body. */
/** POST /blacklist body: at most 500 entries (the blacklist's own limit). */
export const BlacklistPayload = z.object({ blacklist: z.array(z.string()).max(500) }).meta({ id: 'BlacklistPayload' });
export type BlacklistPayload = z.input<typeof BlacklistPayload>;

/** A pair lock. */
export const Lock = z
  .object({
    id: int(),
    pair: z.string(),
    lock_time: z.string(),
    lock_timestamp: msTimestamp(),
    lock_end_time: z.string(),
    lock_end_timestamp: msTimestamp(),
    reason: z.string().nullable(),
    side: z.string().describe('long | short | *'),
    active: z.boolean(),
  })
  .meta({ id: 'Lock' });
export type Lock = z.infer<typeof Lock>;

/** GET /locks, and the reply of every lock change. */
export const Locks = z.object({ lock_count: int(), locks: z.array(Lock) }).meta({ id: 'Locks' });
export type Locks = z.infer<typeof Locks>;

const AWARE_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|z|[+-]\d{2}(:?\d{2})?)$/;

/** One lock to add. `until` must carry a zone (`2024-03-30 16:00:00Z`); naive datetimes are rejected. */
export const LockAddItem = z
  .object({
    pair: z.string(),
    until: z.string().regex(AWARE_DATETIME, 'Input should have timezone info'),
    side: z.string().default('*'),
    reason: z.string().nullish(),
  })
  .meta({ id: 'LockAddItem' });
export type LockAddItem = z.input<typeof LockAddItem>;

/** POST /locks body: a JSON array. */
export const LockAddRequest = z.array(LockAddItem).meta({ id: 'LockAddRequest' });
export type LockAddRequest = z.input<typeof LockAddRequest>;

/** POST /locks/delete body (lockid wins if both are given). */
export const DeleteLockRequest = z
  .object({ pair: z.string().nullish(), lockid: boundedLaxInt(-BODY_BOUNDS.id, BODY_BOUNDS.id).nullish() })
  .meta({ id: 'DeleteLockRequest' });
export type DeleteLockRequest = z.input<typeof DeleteLockRequest>;
