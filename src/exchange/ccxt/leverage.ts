// freqtrade's _lev_prep: before each futures entry order (never before a reduce-only exit), the pair's margin
// mode is set (set_margin_mode) and then its leverage (_set_leverage), so the order does not go out at whatever
// the account was left at. Dry-run never reaches here: the dry-run broker never calls the ccxt adapter's createOrder.
//
// Both calls run under freqtrade's @retrier (exchange/common.py): up to API_RETRY_COUNT = 4 retries, so 5
// calls in all, for any TemporaryError. Each call maps DDoSProtection to DDosProtection (retried after
// calculate_backoff: 1, 2, 5, 10 s), and BadRequest, OperationRejected, InsufficientFunds (leverage),
// OperationFailed (network errors included) and any other ccxt ExchangeError to TemporaryError (retried at
// once). Any other ccxt error becomes an OperationalException, and so does any non-ccxt error: not retried.
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

/** freqtrade's API_RETRY_COUNT. */
export const LEVERAGE_RETRIES = 4;

export interface RetrierHooks {
  log?(message: string): void;
  sleep?(ms: number): Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** freqtrade's calculate_backoff(retrycount, max_retries) in milliseconds. */
const backoffMs = (retryCount: number) => ((LEVERAGE_RETRIES - retryCount) ** 2 + 1) * 1000;

/** 'ddos' and 'temporary' are retried (freqtrade's DDosProtection / TemporaryError); 'fatal' is not. */
export function leverageRetryKind(errors: CcxtErrorClasses, err: unknown): 'ddos' | 'temporary' | 'fatal' {
  if (err instanceof errors.DDoSProtection) return 'ddos';
  if (err instanceof errors.OperationFailed || err instanceof errors.ExchangeError) return 'temporary';
  return 'fatal';
}

async function retrier(
  errors: CcxtErrorClasses,
  hooks: RetrierHooks,
  what: string,
  fn: () => Promise<unknown>,
  ignore: (err: unknown) => boolean,
): Promise<void> {
  for (let count = LEVERAGE_RETRIES; ; count--) {
    try {
      await fn();
      return;
    } catch (err) {
      if (ignore(err)) return;
      const kind = leverageRetryKind(errors, err);
      const msg = `${what}() returned exception: "${err instanceof Error ? err.message : String(err)}". `;
      if (kind === 'fatal') throw err;
      if (count === 0) {
        hooks.log?.(`${msg}Giving up.`);
        throw err;
      }
      hooks.log?.(`${msg}Retrying still for ${count} times.`);
      if (kind === 'ddos') await (hooks.sleep ?? defaultSleep)(backoffMs(count));
    }
  }
}

export async function prepareLeverage(
  client: CcxtClient,
  errors: CcxtErrorClasses,
  prep: LeveragePrep,
  hooks: RetrierHooks = {},
): Promise<void> {
  if (prep.marginMode && client.has.setMarginMode) {
    // Binance answers -4046 "No need to change margin type." when it is already set; ccxt (4.x) throws
    // MarginModeAlreadySet for it, which older ccxt versions, those freqtrade relied on, swallowed.
    const alreadySet = (err: unknown) => err instanceof errors.MarginModeAlreadySet;
    try {
      await retrier(
        errors,
        hooks,
        'set_margin_mode',
        () => client.setMarginMode(prep.marginMode, prep.symbol),
        alreadySet,
      );
    } catch (err) {
      throw couldNot('margin mode', err);
    }
  }
  if (client.has.setLeverage) {
    const leverage = prep.floorLeverage ? Math.floor(prep.leverage) : prep.leverage;
    try {
      await retrier(
        errors,
        hooks,
        '_set_leverage',
        () => client.setLeverage(leverage, prep.symbol),
        () => false,
      );
    } catch (err) {
      throw couldNot('leverage', err);
    }
  }
}

/**
 * freqtrade's "Could not set leverage due to BadRequest. Message: …" (a TemporaryError: no trade, tried again later).
 * Never 'network', even after a network failure: the bot would then wait to reconcile an order that was never sent.
 */
function couldNot(what: string, err: unknown): ExchangeError {
  const name = err instanceof Error ? err.constructor.name : 'Error';
  const message = err instanceof Error ? err.message : String(err);
  return new ExchangeError('other', `Could not set ${what} due to ${name}. Message: ${message}`, { cause: err });
}
