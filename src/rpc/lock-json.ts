// freqtrade's Lock JSON (§6.6) and the protection_trigger messages built from it (§10.4).

import { datetimePrintFormat } from '../domain/dates.ts';
import type { PairLock as PairLockRow } from '../domain/trade.ts';
import type { LockMessage } from './messages.ts';

export function lockToJson(l: PairLockRow) {
  return {
    id: l.id,
    pair: l.pair,
    lock_time: datetimePrintFormat(l.lockTime),
    lock_timestamp: Math.trunc(l.lockTime),
    lock_end_time: datetimePrintFormat(l.lockEndTime),
    lock_end_timestamp: Math.trunc(l.lockEndTime),
    reason: l.reason,
    side: l.side,
    active: l.active,
  };
}

export function lockMessage(l: PairLockRow, baseCurrency: string | null): LockMessage {
  return {
    type: l.pair === '*' ? 'protection_trigger_global' : 'protection_trigger',
    base_currency: baseCurrency,
    ...lockToJson(l),
    reason: l.reason ?? '',
  };
}
