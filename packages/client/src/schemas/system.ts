import { z } from 'zod';
import { int } from './common.ts';

/** One log record: [formatted time, epoch ms (float), logger name, level, message]. */
export const LogRecord = z
  .tuple([z.string(), z.number(), z.string(), z.string(), z.string()])
  .meta({ id: 'LogRecord' });
export type LogRecord = z.infer<typeof LogRecord>;

/** GET /logs. */
export const Logs = z.object({ log_count: int(), logs: z.array(LogRecord) }).meta({ id: 'Logs' });
export type Logs = z.infer<typeof Logs>;

/** GET /sysinfo. */
export const SysInfo = z.object({ cpu_pct: z.array(z.number()), ram_pct: z.number() }).meta({ id: 'SysInfo' });
export type SysInfo = z.infer<typeof SysInfo>;

/** GET /health. Datetimes ISO with `Z`; `*_ts` are **seconds**. */
export const Health = z
  .object({
    last_process: z.string().nullable(),
    last_process_ts: int().nullable(),
    bot_start: z.string().nullable(),
    bot_start_ts: int().nullable(),
    bot_startup: z.string().nullable(),
    bot_startup_ts: int().nullable(),
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof Health>;
