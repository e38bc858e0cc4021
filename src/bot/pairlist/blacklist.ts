// freqtrade's blacklist: plain pairs, wildcards and regular expressions ("BNB/.*", ".*/BTC"),
// matched case-insensitively against the whole market symbol (freqtrade's expand_pairlist).
// Patterns run on re2js, an RE2 engine: matching is linear in the symbol's length whatever the
// pattern, so no entry can stall the bot (backtracking engines take hours on `(a+)+$`-like
// entries). Entries are limited in length and number; RE2 refuses oversized programs itself.

import { RE2JS } from 're2js';

/** Longest accepted entry, in characters. */
export const MAX_BLACKLIST_ENTRY_LENGTH = 100;
/** Most entries the runtime blacklist holds (config entries included). */
export const MAX_BLACKLIST_ENTRIES = 500;

/** Characters that make an entry a pattern; an entry without them is a plain pair. */
const PATTERN_CHARS = /[.*+?^${}()|[\]\\]/;
/** freqtrade keeps an unmatched entry only when it looks like a pair. */
const PAIR_LIKE = /^[A-Za-z0-9:/-]+$/;

const compiled = new Map<string, RE2JS | null>();
const COMPILED_CACHE_LIMIT = 2 * MAX_BLACKLIST_ENTRIES;

/** The entry compiled for a full, case-insensitive match; null when it is not a valid pattern. */
function compile(entry: string): RE2JS | null {
  const hit = compiled.get(entry);
  if (hit !== undefined) return hit;
  let re: RE2JS | null = null;
  if (entry.length > 0 && entry.length <= MAX_BLACKLIST_ENTRY_LENGTH) {
    try {
      re = RE2JS.compile(`(?:${entry})`, RE2JS.CASE_INSENSITIVE);
    } catch {
      re = null;
    }
  }
  if (compiled.size >= COMPILED_CACHE_LIMIT) compiled.clear();
  compiled.set(entry, re);
  return re;
}

export function isValidBlacklistEntry(entry: string): boolean {
  return compile(entry) !== null;
}

let lastExpansion: { key: string; result: string[] } | undefined;

/** {@link expandBlacklistUncached}, remembered for the last (entries, markets): GET /blacklist and every tick ask again. */
export function expandBlacklist(entries: string[], markets: string[]): string[] {
  const key = `${entries.join('\n')}\u0000${markets.join('\n')}`;
  if (lastExpansion?.key !== key) lastExpansion = { key, result: expandBlacklistUncached(entries, markets) };
  return [...lastExpansion.result];
}

function expandBlacklistUncached(entries: string[], markets: string[]): string[] {
  const out = new Set<string>();
  let byLowerCase: Map<string, string[]> | undefined;
  for (const entry of entries.slice(0, MAX_BLACKLIST_ENTRIES)) {
    let matched = false;
    if (!PATTERN_CHARS.test(entry)) {
      // A plain pair: a lookup instead of a scan over every market.
      if (!byLowerCase) {
        byLowerCase = new Map();
        for (const m of markets) {
          const k = m.toLowerCase();
          byLowerCase.set(k, [...(byLowerCase.get(k) ?? []), m]);
        }
      }
      for (const m of byLowerCase.get(entry.toLowerCase()) ?? []) {
        out.add(m);
        matched = true;
      }
    } else {
      const re = compile(entry);
      if (!re) continue;
      for (const m of markets) {
        if (re.matches(m)) {
          out.add(m);
          matched = true;
        }
      }
    }
    if (!matched && PAIR_LIKE.test(entry)) out.add(entry);
  }
  return [...out];
}
