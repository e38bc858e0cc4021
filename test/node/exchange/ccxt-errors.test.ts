// Error mapping against ccxt's real error classes, and the retry policy with a recording sleep.
import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { errorKind, isDuplicateOrder, isTransient, toExchangeError } from '../../../src/exchange/ccxt/errors.ts';
import { withRetry } from '../../../src/exchange/ccxt/retry.ts';
import { ExchangeError } from '../../../src/exchange/port.ts';

describe('ccxt error mapping', () => {
  it('maps each ccxt error family onto a port kind', () => {
    const cases: [Error, ExchangeError['kind']][] = [
      [new ccxt.RequestTimeout('t'), 'network'],
      [new ccxt.ExchangeNotAvailable('x'), 'network'],
      [new ccxt.OnMaintenance('m'), 'network'],
      [new ccxt.DDoSProtection('d'), 'network'],
      [new ccxt.RateLimitExceeded('r'), 'network'],
      [new ccxt.InsufficientFunds('f'), 'insufficient_funds'],
      [new ccxt.OrderNotFound('n'), 'order_not_found'],
      [new ccxt.InvalidOrder('i'), 'invalid_order'],
      [new ccxt.BadSymbol('s'), 'bad_symbol'],
      [new ccxt.AuthenticationError('a'), 'auth'],
      [new ccxt.PermissionDenied('p'), 'auth'],
      [new ccxt.NotSupported('ns'), 'not_supported'],
      [new ccxt.BadRequest('b'), 'other'],
      [new ccxt.ExchangeError('e'), 'other'],
      [new TypeError('boom'), 'other'],
    ];
    for (const [err, kind] of cases) expect(errorKind(ccxt, err), err.constructor.name).toBe(kind);
    expect(errorKind(ccxt, new ccxt.BadRequest('Filter failure: NOTIONAL'), true)).toBe('invalid_order');
    expect(errorKind(ccxt, new ccxt.BadSymbol('x'), true)).toBe('bad_symbol');
  });

  it('recognises duplicate client order ids, never on network errors', () => {
    expect(isDuplicateOrder(ccxt, new ccxt.DuplicateOrderId('x'))).toBe(true);
    expect(isDuplicateOrder(ccxt, new ccxt.InvalidOrder('binance {"code":-2010,"msg":"Duplicate order sent."}'))).toBe(
      true,
    );
    expect(isDuplicateOrder(ccxt, new ccxt.BadRequest('okx Duplicated clOrdId'))).toBe(true);
    expect(isDuplicateOrder(ccxt, new ccxt.NetworkError('duplicate socket'))).toBe(false);
    expect(isDuplicateOrder(ccxt, new ccxt.InvalidOrder('Filter failure: LOT_SIZE'))).toBe(false);
    expect(isTransient(ccxt, new ccxt.RequestTimeout('t'))).toBe(true);
    expect(isTransient(ccxt, new ccxt.InvalidOrder('t'))).toBe(false);
  });

  it('keeps the ccxt error as the cause and passes ExchangeErrors through', () => {
    const original = new ccxt.InsufficientFunds('binance Account has insufficient balance');
    const mapped = toExchangeError(ccxt, original);
    expect(mapped).toBeInstanceOf(ExchangeError);
    expect(mapped.message).toBe(original.message);
    expect(mapped.cause).toBe(original);
    const already = new ExchangeError('auth', 'x');
    expect(toExchangeError(ccxt, already)).toBe(already);
  });
});

describe('withRetry', () => {
  it('retries retryable failures with doubling delays, up to the number of tries', async () => {
    const delays: number[] = [];
    const retries: number[] = [];
    let calls = 0;
    const failing = withRetry(
      async () => {
        calls++;
        throw new Error('flaky');
      },
      { tries: 4, baseDelayMs: 10 },
      {
        isRetryable: () => true,
        onRetry: (_err, attempt) => retries.push(attempt),
        sleep: async (ms) => {
          delays.push(ms);
        },
      },
    );
    await expect(failing).rejects.toThrow('flaky');
    expect(calls).toBe(4);
    expect(delays).toEqual([10, 20, 40]);
    expect(retries).toEqual([1, 2, 3]);
  });

  it('stops at once on a non-retryable error and returns the first success', async () => {
    let calls = 0;
    const sleep = async () => {};
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new Error('fatal');
        },
        { tries: 3, baseDelayMs: 1 },
        { isRetryable: () => false, sleep },
      ),
    ).rejects.toThrow('fatal');
    expect(calls).toBe(1);
    let attempts = 0;
    const value = await withRetry(
      async () => {
        attempts++;
        if (attempts < 2) throw new Error('once');
        return 'ok';
      },
      { tries: 3, baseDelayMs: 1 },
      { isRetryable: () => true, sleep },
    );
    expect(value).toBe('ok');
    expect(attempts).toBe(2);
  });
});
