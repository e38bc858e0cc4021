// HS256 access and refresh tokens with freqtrade's claims ({identity: {u}, type, exp, iat}),
// hardened per RFC 8725: the algorithm is pinned, `type` is checked, `iat` may not lie in the
// future, and a credential fingerprint (`cv`) ties each token to the password it was issued under.

import { errors, jwtVerify, SignJWT } from 'jose';
import { sha256Hex } from './compare.ts';

export type TokenType = 'access' | 'refresh';

export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const REFRESH_TOKEN_SECONDS = 30 * 24 * 60 * 60;
const CLOCK_SKEW_SECONDS = 30;

export interface TokenIdentity {
  username: string;
  /** Set for the read-only user. */
  readonly: boolean;
}

export interface JwtSettings {
  secret: string;
  /**
   * Fingerprint of a user's current credentials (undefined: unknown user). A password change
   * changes it, which invalidates every token issued before.
   */
  credentialVersion(username: string, readonly: boolean): string | undefined;
}

export async function credentialVersion(username: string, password: string): Promise<string> {
  return (await sha256Hex(`${username}\u0000${password}`)).slice(0, 16);
}

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function issueToken(
  settings: JwtSettings,
  identity: TokenIdentity,
  type: TokenType,
  nowMs: number,
): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  const ttl = type === 'access' ? ACCESS_TOKEN_SECONDS : REFRESH_TOKEN_SECONDS;
  const cv = settings.credentialVersion(identity.username, identity.readonly);
  const claims: Record<string, unknown> = { identity: { u: identity.username }, type, cv };
  if (identity.readonly) claims.ro = true;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .sign(key(settings.secret));
}

export interface VerifiedToken extends TokenIdentity {
  /** The first instant (epoch ms) at which the token no longer verifies (its exp). */
  expiresAtMs: number;
}

/** Verifies a token of the expected type; returns its identity or undefined (never throws). */
export async function verifyToken(
  settings: JwtSettings,
  token: string,
  expected: TokenType,
  nowMs: number,
): Promise<TokenIdentity | undefined> {
  const verified = await verifyTokenUntil(settings, token, expected, nowMs);
  return verified && { username: verified.username, readonly: verified.readonly };
}

/** verifyToken, also telling until when the token stays valid. */
export async function verifyTokenUntil(
  settings: JwtSettings,
  token: string,
  expected: TokenType,
  nowMs: number,
): Promise<VerifiedToken | undefined> {
  try {
    const { payload } = await jwtVerify(token, key(settings.secret), {
      algorithms: ['HS256'],
      currentDate: new Date(nowMs),
      requiredClaims: ['exp', 'iat'],
    });
    if (payload.type !== expected) return undefined;
    const identity = payload.identity as { u?: unknown } | undefined;
    if (!identity || typeof identity.u !== 'string') return undefined;
    if (typeof payload.iat !== 'number' || payload.iat > nowMs / 1000 + CLOCK_SKEW_SECONDS) return undefined;
    const readonly = payload.ro === true;
    const cv = settings.credentialVersion(identity.u, readonly);
    if (cv === undefined || payload.cv !== cv) return undefined;
    // jose refuses once floor(now / 1000) >= exp, that is from exp * 1000 ms on.
    return { username: identity.u, readonly, expiresAtMs: (payload.exp as number) * 1000 };
  } catch (e) {
    if (e instanceof errors.JOSEError || e instanceof TypeError || e instanceof SyntaxError) return undefined;
    throw e;
  }
}
