// Authorization headers already verified, so a Bearer token or a Basic pair is not re-verified on
// every request (issue 19 point 1). Keyed by the SHA-256 of the header: the cache holds no
// credential and its lookup compares digests, not secrets. One cache per config object: a config
// reload (the only way the JWT secret or a password changes) starts from an empty one. Bounded by
// count (the least recently used entry goes first); an entry ends with its token's exp.

import type { Config } from '../../config/schema.ts';
import type { AuthUser } from '../context.ts';
import { sha256Hex } from './compare.ts';

export const VERIFIED_CACHE_MAX = 1024;
/** Basic credentials carry no expiry: re-verified at least this often. */
export const BASIC_CACHE_MS = 15 * 60_000;

interface Entry {
  user: AuthUser;
  expiresAtMs: number;
}

export class VerifiedAuthCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;

  constructor(maxEntries = VERIFIED_CACHE_MAX) {
    this.maxEntries = maxEntries;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string, nowMs: number): AuthUser | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (nowMs >= entry.expiresAtMs) return undefined;
    this.entries.set(key, entry); // most recently used goes last
    return entry.user;
  }

  set(key: string, user: AuthUser, expiresAtMs: number): void {
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    this.entries.set(key, { user, expiresAtMs });
  }
}

const caches = new WeakMap<Config, VerifiedAuthCache>();

export function verifiedCacheFor(config: Config): VerifiedAuthCache {
  let cache = caches.get(config);
  if (!cache) {
    cache = new VerifiedAuthCache();
    caches.set(config, cache);
  }
  return cache;
}

/** The cache key of a header (or decoded credentials): its SHA-256, synchronously where the host can. */
export function headerKey(header: string, syncDigest?: (text: string) => string): string | Promise<string> {
  return syncDigest ? syncDigest(header) : sha256Hex(header);
}
