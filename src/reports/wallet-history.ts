// GET /historic_balance (API 2.48): the wallet curve as FreqUI's WalletHistory
// {columns, length, data, capture_start_ts}. Recorded snapshots from capture_start_ts on; before
// that (a database older than the recording) the curve is rebuilt from the starting balance plus
// the profit of each trade closed before the first snapshot, without free/used figures.

import type { Db } from '../db/client.ts';
import { walletSnapshots } from '../db/repo/wallet-history.ts';
import { pandasJsonIso } from '../domain/dates.ts';
import { closedProfitRows } from './common.ts';

export const WALLET_COLUMNS = ['date', 'total_quote', 'free_quote', 'used_quote', '__date_ts'] as const;

export interface WalletHistoryReport {
  columns: string[];
  length: number;
  data: (string | number | null)[][];
  capture_start_ts: number | null;
}

const row = (ts: number, total: number, free: number | null, used: number | null) => [
  pandasJsonIso(ts),
  total,
  free,
  used,
  ts,
];

export async function walletHistoryReport(db: Db, startingBalance: number): Promise<WalletHistoryReport> {
  const snapshots = await walletSnapshots(db);
  const captureStart = snapshots[0]?.date;
  const data: (string | number | null)[][] = [];
  const closed = (await closedProfitRows(db)).filter(
    (t) => t.closeDate !== null && (captureStart === undefined || t.closeDate < captureStart),
  );
  if (closed.length > 0) {
    let total = startingBalance;
    data.push(row(Math.min(closed[0].openDate, closed[0].closeDate as number), total, null, null));
    for (const t of closed) {
      total += t.closeProfitAbs ?? 0;
      data.push(row(t.closeDate as number, total, null, null));
    }
  }
  for (const s of snapshots) data.push(row(s.date, s.totalQuote, s.freeQuote, s.usedQuote));
  return { columns: [...WALLET_COLUMNS], length: data.length, data, capture_start_ts: captureStart ?? null };
}

/**
 * A backtest's wallet curve (GET /backtest/history/{file}/{strategy}/wallet, 2.48) in the same
 * shape: the starting balance, then the total after each closed trade in closing order. A backtest
 * keeps no free/used split, so those columns are null; capture_start_ts is null (nothing recorded).
 */
export function backtestWalletHistory(
  startingBalance: number,
  trades: readonly { open_timestamp?: number; close_timestamp: number; profit_abs: number }[],
): WalletHistoryReport {
  const closed = [...trades].sort((a, b) => a.close_timestamp - b.close_timestamp);
  const data: (string | number | null)[][] = [];
  if (closed.length > 0) {
    let total = startingBalance;
    data.push(
      row(
        Math.min(closed[0].open_timestamp ?? closed[0].close_timestamp, closed[0].close_timestamp),
        total,
        null,
        null,
      ),
    );
    for (const t of closed) {
      total += t.profit_abs;
      data.push(row(t.close_timestamp, total, null, null));
    }
  }
  return { columns: [...WALLET_COLUMNS], length: data.length, data, capture_start_ts: null };
}
