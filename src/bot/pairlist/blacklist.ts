// freqtrade's blacklist: plain pairs, wildcards and regular expressions ("BNB/.*", ".*/BTC"),
// expanded against the known markets.

export function isValidBlacklistEntry(entry: string): boolean {
  try {
    new RegExp(`^(?:${entry})$`);
    return entry.length > 0 && entry.length <= 100;
  } catch {
    return false;
  }
}

export function expandBlacklist(entries: string[], markets: string[]): string[] {
  const out = new Set<string>();
  for (const entry of entries) {
    if (!isValidBlacklistEntry(entry)) continue;
    const re = new RegExp(`^(?:${entry})$`);
    let matched = false;
    for (const m of markets) {
      if (re.test(m)) {
        out.add(m);
        matched = true;
      }
    }
    if (!matched && !/[.*+?^${}()|[\]\\]/.test(entry)) out.add(entry);
  }
  return [...out];
}
