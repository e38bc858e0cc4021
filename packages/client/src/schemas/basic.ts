import { z } from 'zod';

/** GET /ping. */
export const Ping = z.object({ status: z.string() }).meta({ id: 'Ping' });
export type Ping = z.infer<typeof Ping>;

/** GET /version. */
export const Version = z.object({ version: z.string() }).meta({ id: 'Version' });
export type Version = z.infer<typeof Version>;

/** POST /token/login. */
export const AccessAndRefreshToken = z
  .object({ access_token: z.string(), refresh_token: z.string() })
  .meta({ id: 'AccessAndRefreshToken' });
export type AccessAndRefreshToken = z.infer<typeof AccessAndRefreshToken>;

/** POST /token/refresh. */
export const AccessToken = z.object({ access_token: z.string() }).meta({ id: 'AccessToken' });
export type AccessToken = z.infer<typeof AccessToken>;

/** `{status}` replies: /start, /stop, /stopentry, /stopbuy, /pause, /reload_config, failed forceenter. */
export const StatusMsg = z.object({ status: z.string() }).meta({ id: 'StatusMsg' });
export type StatusMsg = z.infer<typeof StatusMsg>;

/** `{result}` replies: /forceexit. */
export const ResultMsg = z.object({ result: z.string() }).meta({ id: 'ResultMsg' });
export type ResultMsg = z.infer<typeof ResultMsg>;
