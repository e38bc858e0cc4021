// Maps ccxt's error classes onto the port's ExchangeError kinds.
// The classes come from the lazily loaded ccxt module, so they are passed in rather than imported.
import { ExchangeError, type ExchangeErrorKind } from '../port.ts';

type ErrorClass = abstract new (...args: any[]) => Error;

export interface CcxtErrorClasses {
  NetworkError: ErrorClass;
  InsufficientFunds: ErrorClass;
  OrderNotFound: ErrorClass;
  DuplicateOrderId: ErrorClass;
  InvalidOrder: ErrorClass;
  BadSymbol: ErrorClass;
  BadRequest: ErrorClass;
  AuthenticationError: ErrorClass;
  NotSupported: ErrorClass;
  MarginModeAlreadySet: ErrorClass;
  ExchangeError: ErrorClass;
  OperationFailed: ErrorClass;
  DDoSProtection: ErrorClass;
}

/** Transient failures worth another try: NetworkError covers RequestTimeout, ExchangeNotAvailable, DDoSProtection. */
export function isTransient(classes: CcxtErrorClasses, err: unknown): boolean {
  return err instanceof classes.NetworkError;
}

/**
 * Exchanges report a repeated client order id in different ways and ccxt maps only some of them to
 * DuplicateOrderId (binance: InvalidOrder "Duplicate order sent."; others say "duplicated clOrdId").
 * Only meaningful for an order placement that carried a client order id.
 */
export function isDuplicateOrder(classes: CcxtErrorClasses, err: unknown): boolean {
  if (err instanceof classes.DuplicateOrderId) return true;
  if (isTransient(classes, err)) return false;
  return /duplicat/i.test(err instanceof Error ? err.message : String(err));
}

/**
 * `placingOrder`: a malformed order request (BadRequest, e.g. Binance's "Filter failure: NOTIONAL", which
 * ccxt does not map to InvalidOrder) is an invalid order to the bot: it must not be sent again as is.
 */
export function errorKind(classes: CcxtErrorClasses, err: unknown, placingOrder = false): ExchangeErrorKind {
  // Order matters: OrderNotFound is an InvalidOrder, PermissionDenied an AuthenticationError.
  if (err instanceof classes.NetworkError) return 'network';
  if (err instanceof classes.InsufficientFunds) return 'insufficient_funds';
  if (err instanceof classes.OrderNotFound) return 'order_not_found';
  if (err instanceof classes.InvalidOrder) return 'invalid_order';
  if (err instanceof classes.BadSymbol) return 'bad_symbol';
  if (err instanceof classes.AuthenticationError) return 'auth';
  if (err instanceof classes.NotSupported) return 'not_supported';
  if (placingOrder && err instanceof classes.BadRequest) return 'invalid_order';
  return 'other';
}

export function toExchangeError(classes: CcxtErrorClasses, err: unknown, placingOrder = false): ExchangeError {
  if (err instanceof ExchangeError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ExchangeError(errorKind(classes, err, placingOrder), message, { cause: err });
}
