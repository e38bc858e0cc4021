// freqtrade's _supported_trading_mode_margin_pairs and validate_trading_mode_and_margin_mode: which
// futures margin modes an exchange takes. freqtrade 2024.10 had isolated futures only everywhere; cross
// futures is accepted on Binance since freqtrade 2024.12 ("feat: enable cross futures on binance") and on
// Hyperliquid since 2025.10. tickhub follows the current release (2026.3).
import type { MarginMode, TradingMode } from './port.ts';

const CROSS_FUTURES = new Set(['binance', 'binanceusdm', 'hyperliquid']);

/** The futures margin modes freqtrade accepts on the exchange, in freqtrade's order (cross first). */
export function futuresMarginModes(exchangeId: string): MarginMode[] {
  return CROSS_FUTURES.has(exchangeId) ? ['cross', 'isolated'] : ['isolated'];
}

/**
 * freqtrade's ConfigurationError text for an unsupported pair, e.g. "Freqtrade does not support 'cross'
 * 'futures' on OKX."; null when supported. The offline market is tickhub's own and takes both.
 */
export function marginModeError(exchange: {
  id: string;
  name: string;
  tradingMode: TradingMode;
  marginMode: MarginMode;
}): string | null {
  const { tradingMode, marginMode } = exchange;
  if (tradingMode === 'spot' || exchange.id === 'offline') return null;
  const ok = tradingMode === 'futures' && marginMode !== '' && futuresMarginModes(exchange.id).includes(marginMode);
  return ok ? null : `Freqtrade does not support '${marginMode}' '${tradingMode}' on ${exchange.name}.`;
}
