import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  expandBlacklist,
  isValidBlacklistEntry,
  MAX_BLACKLIST_ENTRIES,
  MAX_BLACKLIST_ENTRY_LENGTH,
} from './blacklist.ts';

const MARKETS = ['BTC/USDT', 'ETH/USDT', 'BNB/USDT', 'BNB/BTC', 'ETH/BTC', 'BTC/USDT:USDT', 'XRPUP/USDT'];

describe('expandBlacklist (freqtrade expand_pairlist, keep_invalid)', () => {
  it('expands wildcards and regular expressions against whole symbols, case-insensitively', () => {
    expect(expandBlacklist(['BNB/.*'], MARKETS)).toEqual(['BNB/USDT', 'BNB/BTC']);
    expect(expandBlacklist(['.*/BTC'], MARKETS)).toEqual(['BNB/BTC', 'ETH/BTC']);
    expect(expandBlacklist(['eth/usdt'], MARKETS)).toEqual(['ETH/USDT']);
    expect(expandBlacklist(['.*UP/USDT', 'BTC/USDT'], MARKETS)).toEqual(['XRPUP/USDT', 'BTC/USDT']);
    // a full match: "BTC" alone matches no symbol (and is kept, as a pair-like entry)
    expect(expandBlacklist(['BTC/USD'], MARKETS)).toEqual(['BTC/USD']);
  });

  it('keeps unmatched pair-like entries, drops unmatched patterns and invalid entries', () => {
    expect(expandBlacklist(['DOGE/USDT', 'DOGE/.*', '*/BTC', '(unclosed'], MARKETS)).toEqual(['DOGE/USDT']);
  });

  it('refuses what RE2 cannot run in linear time or at all, and over-long entries', () => {
    expect(isValidBlacklistEntry('(.*){16}Z')).toBe(true);
    expect(isValidBlacklistEntry('(a+)+$')).toBe(true);
    expect(isValidBlacklistEntry('((((a{999}){999}){999}){999})')).toBe(false);
    expect(isValidBlacklistEntry('(.{1,1000}){1000}')).toBe(false);
    expect(isValidBlacklistEntry('(?=BTC).*')).toBe(false); // lookahead needs backtracking
    expect(isValidBlacklistEntry('(a)\\1')).toBe(false); // so do backreferences
    expect(isValidBlacklistEntry('')).toBe(false);
    expect(isValidBlacklistEntry('A'.repeat(MAX_BLACKLIST_ENTRY_LENGTH))).toBe(true);
    expect(isValidBlacklistEntry('A'.repeat(MAX_BLACKLIST_ENTRY_LENGTH + 1))).toBe(false);
  });

  it('uses at most MAX_BLACKLIST_ENTRIES entries', () => {
    const entries = Array.from({ length: MAX_BLACKLIST_ENTRIES + 10 }, (_, i) => `C${i}/USDT`);
    expect(expandBlacklist(entries, [])).toHaveLength(MAX_BLACKLIST_ENTRIES);
  });

  it('agrees with a backtracking engine on ordinary patterns (property)', () => {
    const pieces = fc.constantFrom('BTC', 'ETH', 'BNB', 'USDT', '/', '.*', '.', '(UP|DOWN)', '[A-Z]+', 'B?');
    fc.assert(
      fc.property(fc.array(pieces, { minLength: 1, maxLength: 5 }), (parts) => {
        const entry = parts.join('');
        const re = new RegExp(`^(?:${entry})$`, 'i');
        const expected = MARKETS.filter((m) => re.test(m));
        const got = expandBlacklist([entry], MARKETS);
        const keptAsIs = expected.length === 0 && /^[A-Za-z0-9:/-]+$/.test(entry) ? [entry] : [];
        expect(got).toEqual([...expected, ...keptAsIs]);
      }),
      { numRuns: 200 },
    );
  });
});
