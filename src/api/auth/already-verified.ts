// The user an Authorization header was already verified as (issue 19 point 1), for a host that
// answers a kept answer below the app (replayable.ts). Only what requireAuth would accept without
// verifying anything again: a Bearer header or a Basic pair found in the verified-auth cache of the
// current config (keys are SHA-256 digests, so the lookup compares digests, never secrets). Basic
// keeps requireAuth's lockout bookkeeping in the same order (one attempt at a time per IP and
// username, refused while locked out, recorded as a success). Anything else is undefined: the app
// then verifies it itself and answers 401/429 as always.

import type { ApiDeps, AuthUser } from '../context.ts';
import { parseBasic, parseBearer } from './middleware.ts';
import { verifiedCacheFor } from './verified-cache.ts';

export function alreadyVerifiedUser(
  deps: ApiDeps,
  header: string,
  clientIpOf: () => string,
): AuthUser | undefined | Promise<AuthUser | undefined> {
  const digest = deps.host.sha256HexSync;
  if (!digest) return undefined;
  if (parseBearer(header) !== undefined) {
    return verifiedCacheFor(deps.config()).get(digest(header), deps.clock.now());
  }
  const basic = parseBasic(header);
  if (basic === undefined || basic === 'malformed') return undefined;
  const key = digest(`basic\u0000${basic.username}\u0000${basic.password}`);
  const guard = deps.loginGuard;
  const clientIp = clientIpOf();
  return guard.exclusive(clientIp, basic.username, async () => {
    const now = deps.clock.now();
    if ((await guard.retryAfterMs(clientIp, basic.username, now)) > 0) return undefined;
    const user = verifiedCacheFor(deps.config()).get(key, now);
    if (user) await guard.recordSuccess(clientIp, basic.username, now);
    return user;
  });
}
