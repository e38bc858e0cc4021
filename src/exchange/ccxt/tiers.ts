// ccxt's leverage tiers as freqtrade keeps them (exchange.parse_leverage_tier): the maintenance
// amount exists only where the exchange sends it (Binance's info.cum).

import type { LeverageTier } from '../port.ts';

interface CcxtTier {
  minNotional?: number;
  maxNotional?: number;
  maintenanceMarginRate?: number;
  maxLeverage?: number;
  info?: Record<string, unknown>;
}

function finite(v: unknown): number | null {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** One symbol's tiers, lowest first; tiers without a notional floor or rate are dropped. */
export function parseLeverageTiers(raw: readonly CcxtTier[] | undefined): LeverageTier[] {
  const tiers: LeverageTier[] = [];
  for (const t of raw ?? []) {
    const minNotional = finite(t.minNotional);
    const rate = finite(t.maintenanceMarginRate);
    if (minNotional === null || rate === null) continue;
    const cum = t.info && 'cum' in t.info ? finite(t.info.cum) : null;
    tiers.push({
      minNotional,
      maxNotional: finite(t.maxNotional),
      maintenanceMarginRate: rate,
      maxLeverage: finite(t.maxLeverage) ?? 1,
      maintAmt: cum,
    });
  }
  return tiers.sort((a, b) => a.minNotional - b.minNotional);
}

/** All symbols' tiers from fetchLeverageTiers' answer. */
export function parseAllLeverageTiers(
  raw: Record<string, readonly CcxtTier[] | undefined>,
): Map<string, LeverageTier[]> {
  const out = new Map<string, LeverageTier[]>();
  for (const [symbol, list] of Object.entries(raw)) {
    const tiers = parseLeverageTiers(list);
    if (tiers.length > 0) out.set(symbol, tiers);
  }
  return out;
}
