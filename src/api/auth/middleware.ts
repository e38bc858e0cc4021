// freqtrade's authentication: HTTP Basic or a Bearer access token on every private route, with
// its exact 401 texts. Never sends `WWW-Authenticate: Basic` (browsers would pop a dialog).
// Adds what freqtrade lacks: lockout after repeated failures, and a read-only user.

import type { Context, MiddlewareHandler } from 'hono';
import type { Config } from '../../config/schema.ts';
import { digestAuditedBody } from '../audit.ts';
import type { ApiDeps, AppEnv, AuthUser } from '../context.ts';
import { ApiError } from '../errors.ts';
import { safeEqual } from './compare.ts';
import { inProcessCaller } from './in-process.ts';
import { credentialVersion, type JwtSettings, verifyTokenUntil } from './jwt.ts';
import { BASIC_CACHE_MS, headerKey, verifiedCacheFor } from './verified-cache.ts';

export interface BasicCredentials {
  username: string;
  password: string;
}

/** Parses `Authorization: Basic …`; undefined when absent, 'malformed' when unparseable. */
export function parseBasic(header: string | undefined): BasicCredentials | 'malformed' | undefined {
  if (!header) return undefined;
  const [scheme, param] = header.split(' ', 2);
  if (scheme?.toLowerCase() !== 'basic' || !param) return undefined;
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(
      Uint8Array.from(atob(param.trim()), (ch) => ch.charCodeAt(0)),
    );
  } catch {
    return 'malformed';
  }
  const i = decoded.indexOf(':');
  if (i < 0) return 'malformed';
  return { username: decoded.slice(0, i), password: decoded.slice(i + 1) };
}

export function parseBearer(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, token] = header.split(' ', 2);
  return scheme?.toLowerCase() === 'bearer' && token ? token.trim() : undefined;
}

/** Checks a user/password pair against the configured users (constant time, both users always compared). */
export async function checkPassword(config: Config, creds: BasicCredentials): Promise<AuthUser | undefined> {
  const api = config.api_server;
  const [userOk, passOk] = await Promise.all([
    safeEqual(creds.username, api.username),
    safeEqual(creds.password, api.password),
  ]);
  const roConfigured = api.readonly_username !== undefined && !!api.readonly_password;
  const [roUserOk, roPassOk] = await Promise.all([
    safeEqual(creds.username, api.readonly_username ?? ''),
    safeEqual(creds.password, api.readonly_password ?? ''),
  ]);
  if (userOk && passOk && api.password !== '') return { username: creds.username, readonly: false };
  if (roConfigured && roUserOk && roPassOk) return { username: creds.username, readonly: true };
  return undefined;
}

/** checkPassword, skipped while the same credentials were verified under this config. */
async function checkPasswordCached(
  config: Config,
  creds: BasicCredentials,
  now: number,
  syncDigest: ((text: string) => string) | undefined,
): Promise<AuthUser | undefined> {
  const cache = verifiedCacheFor(config);
  // The decoded pair, not the header, so no caller can pair a cached header with other credentials.
  const key = await headerKey(`basic\u0000${creds.username}\u0000${creds.password}`, syncDigest);
  const hit = cache.get(key, now);
  if (hit) return hit;
  const user = await checkPassword(config, creds);
  if (user) cache.set(key, user, now + BASIC_CACHE_MS);
  return user;
}

/** A Bearer access token's user, verified once per token and config, then cached until its exp. */
async function verifyBearer(deps: ApiDeps, header: string, token: string): Promise<AuthUser | undefined> {
  const config = deps.config();
  const now = deps.clock.now();
  const cache = verifiedCacheFor(config);
  const key = await headerKey(header, deps.host.sha256HexSync);
  const hit = cache.get(key, now);
  if (hit) return hit;
  const verified = await verifyTokenUntil(await jwtSettingsFor(config), token, 'access', now);
  if (!verified) return undefined;
  const user = { username: verified.username, readonly: verified.readonly };
  cache.set(key, user, verified.expiresAtMs);
  return user;
}

/** Per-user credential fingerprints, cached per config object. */
export function jwtSettingsFor(config: Config): Promise<JwtSettings> {
  const cached = settingsCache.get(config);
  if (cached) return cached;
  const api = config.api_server;
  const built = (async () => {
    const main = await credentialVersion(api.username, api.password);
    const ro =
      api.readonly_username !== undefined && api.readonly_password
        ? await credentialVersion(api.readonly_username, api.readonly_password)
        : undefined;
    return {
      secret: api.jwt_secret_key || processSecret(),
      credentialVersion: (username: string, readonly: boolean) =>
        readonly ? (username === api.readonly_username ? ro : undefined) : username === api.username ? main : undefined,
    };
  })();
  settingsCache.set(config, built);
  return built;
}
const settingsCache = new WeakMap<Config, Promise<JwtSettings>>();

let perProcessSecret: string | undefined;
/**
 * The signing key when `jwt_secret_key` is empty (allowed on loopback only): random, made once per
 * process and never stored, so its tokens die with the process. There is no built-in fallback key.
 */
function processSecret(): string {
  if (perProcessSecret === undefined) {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    perProcessSecret = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }
  return perProcessSecret;
}

function tooManyAttempts(waitMs: number): ApiError {
  const secs = Math.max(1, Math.ceil(waitMs / 1000));
  return new ApiError(429, 'Too many failed login attempts, try again later.', { 'Retry-After': String(secs) });
}

/** Verifies Basic credentials with lockout bookkeeping; throws the right ApiError on failure. */
export async function authenticateBasic(
  deps: ApiDeps,
  c: Context,
  creds: BasicCredentials,
  failureDetail: string,
): Promise<AuthUser> {
  const ip = deps.host.clientIp(c);
  const guard = deps.loginGuard;
  return guard.exclusive(ip, creds.username, async () => {
    const now = deps.clock.now();
    const wait = await guard.retryAfterMs(ip, creds.username, now);
    if (wait > 0) throw tooManyAttempts(wait);
    const user = await checkPasswordCached(deps.config(), creds, now, deps.host.sha256HexSync);
    if (!user) {
      await guard.recordFailure(ip, creds.username, now);
      deps.log.warning(
        `Authentication failure: ip=${ip} user=${JSON.stringify(creds.username)} path=${new URL(c.req.url).pathname}`,
      );
      throw new ApiError(401, failureDetail);
    }
    await guard.recordSuccess(ip, creds.username, now);
    return user;
  });
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const READ_ONLY_DETAIL = 'Read-only user: this request would change the bot and is not allowed.';

/** Private routes: Basic or Bearer access token; the read-only user may only read. */
export function requireAuth(deps: ApiDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const bearer = parseBearer(header);
    // A request the host made to itself (see in-process.ts) needs no password.
    let user = inProcessCaller(c.req.raw);
    if (user) {
      c.set('user', user);
      await digestAuditedBody(c);
      return next();
    }
    if (bearer !== undefined && header !== undefined) {
      user = await verifyBearer(deps, header, bearer);
      if (!user) throw new ApiError(401, 'Could not validate credentials', { 'WWW-Authenticate': 'Bearer' });
    } else {
      const basic = parseBasic(header);
      if (basic === 'malformed') throw new ApiError(401, 'Invalid authentication credentials');
      if (!basic) throw new ApiError(401, 'Unauthorized');
      user = await authenticateBasic(deps, c, basic, 'Unauthorized');
    }
    c.set('user', user); // set before the read-only check so the audit trail names who was refused
    if (user.readonly && !READ_METHODS.has(c.req.method)) {
      throw new ApiError(403, READ_ONLY_DETAIL);
    }
    await digestAuditedBody(c);
    await next();
  };
}
