// Who may open the message websocket (freqtrade-api.md §2.4): a configured ws_token (string or
// list, constant-time compare) or a valid JWT access token. Checked once, before accepting.

import { safeEqual } from '../../api/auth/compare.ts';
import { verifyToken } from '../../api/auth/jwt.ts';
import { jwtSettingsFor } from '../../api/auth/middleware.ts';
import type { Config } from '../../config/schema.ts';

export async function wsTokenAccepted(config: Config, token: string | null, nowMs: number): Promise<boolean> {
  if (!token) return false;
  const configured = config.api_server.ws_token;
  const tokens = (Array.isArray(configured) ? configured : [configured]).filter((t) => t.length > 0);
  let matched = false;
  // Compare against every token (no early exit), so timing does not tell which one matched.
  for (const t of tokens) if (await safeEqual(token, t)) matched = true;
  if (matched) return true;
  return (await verifyToken(await jwtSettingsFor(config), token, 'access', nowMs)) !== undefined;
}
