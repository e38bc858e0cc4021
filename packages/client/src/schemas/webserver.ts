import { z } from 'zod';
import { int } from './common.ts';

/**
 * GET /historic_balance (API 2.48) and the backtest wallet: a table as columns + rows, `__date_ts`
 * (epoch ms) last; `capture_start_ts` (ms) is where recorded data starts (earlier rows are rebuilt).
 */
export const WalletHistory = z
  .object({
    columns: z.array(z.string()),
    length: int(),
    data: z.array(z.array(z.union([z.number(), z.string(), z.null()]))),
    capture_start_ts: int().nullable(),
  })
  .meta({ id: 'WalletHistory' });
export type WalletHistory = z.infer<typeof WalletHistory>;
