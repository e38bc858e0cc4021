// freqtrade's _lev_prep: before each futures entry order (never before a reduce-only exit), the pair's margin
// mode is set (set_margin_mode) and then its leverage (_set_leverage), so the order does not go out at whatever
// the account was left at. Dry-run never reaches here: the dry-run broker never calls the ccxt adapter's createOrder.
import type { Exchange as CcxtClient } from 'ccxt';
import { ExchangeError, type MarginMode } from '../port.ts';
import type { CcxtErrorClasses } from './errors.ts';

export interface LeveragePrep {
  symbol: string;
  leverage: number;
  marginMode: MarginMode;
  /** freqtrade's _ft_has floor_leverage (Binance): the exchange only takes whole leverage. */
  floorLeverage: boolean;
}

/** Runs one ccxt call through the adapter's retry and error mapping. */
type Call = <T>(what: string, fn: () => Promise<T>) => Promise<T>;

export async function prepareLeverage(
  client: CcxtClient,
  errors: CcxtErrorClasses,
  call: Call,
  prep: LeveragePrep,
): Promise<void> {
  if (prep.marginMode && client.has.setMarginMode) {
    try {
      await call('setMarginMode', () => client.setMarginMode(prep.marginMode, prep.symbol));
    } catch (err) {
      // Binance answers -4046 "No need to change margin type." when it is already set; ccxt (4.x) throws
      // MarginModeAlreadySet for it, which older ccxt versions, those freqtrade relied on, swallowed.
      if (!(causeOf(err) instanceof errors.MarginModeAlreadySet)) throw couldNot('margin mode', err);
    }
  }
  if (client.has.setLeverage) {
    const leverage = prep.floorLeverage ? Math.floor(prep.leverage) : prep.leverage;
    try {
      await call('setLeverage', () => client.setLeverage(leverage, prep.symbol));
    } catch (err) {
      throw couldNot('leverage', err);
    }
  }
}

const causeOf = (err: unknown) => (err instanceof ExchangeError ? err.cause : err);

/** freqtrade's "Could not set leverage due to BadRequest. Message: …" (a TemporaryError: the entry is tried again later). */
function couldNot(what: string, err: unknown): ExchangeError {
  const cause = causeOf(err);
  const kind = err instanceof ExchangeError && err.kind === 'network' ? 'network' : 'other';
  const name = cause instanceof Error ? cause.constructor.name : 'Error';
  const message = cause instanceof Error ? cause.message : String(cause);
  return new ExchangeError(kind, `Could not set ${what} due to ${name}. Message: ${message}`, { cause });
}
