// The stop-order request per exchange, from the table in stop-orders.ts, checked against what
// freqtrade 2024.10's create_stoploss (with each exchange's _get_stop_params) sends to ccxt.
import { describe, expect, it } from 'vitest';
import type { StopOrderRequest } from '../port.ts';
import { stopRequest } from './stop-calls.ts';
import { orderQuirks, stopOrderSpec } from './stop-orders.ts';

const sell: StopOrderRequest = {
  symbol: 'BTC/USDT',
  side: 'sell',
  amount: 0.5,
  stopPrice: 45000,
  limitPrice: 44550,
  clientOrderId: 'thabcde-1-2',
};
const spot = { tradingMode: 'spot', marginMode: '' } as const;
const futures = { tradingMode: 'futures', marginMode: 'isolated' } as const;
const spec = (id: string, mode: 'spot' | 'futures') => {
  const s = stopOrderSpec(id, mode);
  if (!s) throw new Error(`${id} ${mode} has no stop orders`);
  return s;
};

describe('stop order requests per exchange', () => {
  it('spot exchanges: order type, trigger param and extra params', () => {
    expect(stopRequest(spec('kucoin', 'spot'), sell, spot)).toEqual({
      type: 'limit',
      kind: 'limit',
      price: 44550,
      params: { stopPrice: 45000, stop: 'loss', clientOrderId: 'thabcde-1-2' },
    });
    expect(stopRequest(spec('htx', 'spot'), sell, spot)).toEqual({
      type: 'stop-limit',
      kind: 'limit',
      price: 44550,
      params: { stopPrice: 45000, operator: 'lte', clientOrderId: 'thabcde-1-2' },
    });
    const market = { ...sell, limitPrice: undefined };
    expect(stopRequest(spec('bingx', 'spot'), market, spot)).toEqual({
      type: 'market',
      kind: 'market',
      price: undefined,
      params: { stopLossPrice: 45000, clientOrderId: 'thabcde-1-2' },
    });
    expect(stopRequest(spec('kraken', 'spot'), market, spot).params).toEqual({
      trading_agreement: 'agree',
      stopLossPrice: 45000,
      clientOrderId: 'thabcde-1-2',
    });
    expect(stopRequest(spec('binance', 'spot'), sell, spot)).toEqual({
      type: 'stop_loss_limit',
      kind: 'limit',
      price: 44550,
      params: { stopPrice: 45000, newClientOrderId: 'thabcde-1-2' },
    });
    // A kind the exchange does not have is refused (OKX and Gate: limit only; HTX too).
    for (const id of ['okx', 'gate', 'htx', 'binance']) {
      expect(() => stopRequest(spec(id, 'spot'), market, spot)).toThrow('no market stop order type on this exchange');
    }
  });

  it('futures: reduceOnly and the configured price type in the exchange field and value', () => {
    const marked = { ...sell, symbol: 'BTC/USDT:USDT', priceType: 'mark' as const };
    expect(stopRequest(spec('binance', 'futures'), marked, futures)).toEqual({
      type: 'stop',
      kind: 'limit',
      price: 44550,
      params: { stopPrice: 45000, newClientOrderId: 'thabcde-1-2', reduceOnly: true, workingType: 'MARK_PRICE' },
    });
    expect(stopRequest(spec('binance', 'futures'), { ...marked, limitPrice: undefined }, futures).type).toBe(
      'stop_market',
    );
    // OKX: margin mode and net position side (freqtrade's okx._get_stop_params); 2025.12 mapping mark → mark.
    expect(stopRequest(spec('okx', 'futures'), marked, futures).params).toEqual({
      stopLossPrice: 45000,
      tdMode: 'isolated',
      posSide: 'net',
      algoClOrdId: 'thabcdex1x2',
      reduceOnly: true,
      slTriggerPxType: 'mark',
    });
    expect(stopRequest(spec('gate', 'futures'), { ...marked, priceType: 'index' }, futures).params).toEqual({
      stopPrice: 45000,
      clientOrderId: 't-thabcde-1-2',
      reduceOnly: true,
      price_type: 2,
    });
    expect(stopRequest(spec('bybit', 'futures'), marked, futures).params).toEqual({
      stopLossPrice: 45000,
      method: 'privatePostV5OrderCreate',
      clientOrderId: 'thabcde-1-2',
      reduceOnly: true,
      triggerBy: 'MarkPrice',
    });
    // Without stoploss_price_type nothing is sent (freqtrade: only when configured).
    expect(stopRequest(spec('bybit', 'futures'), { ...marked, priceType: undefined }, futures).params.triggerBy).toBe(
      undefined,
    );
  });

  it('modes without stoploss on exchange, and the order quirks every order gets', () => {
    expect(stopOrderSpec('bybit', 'spot')).toBeUndefined();
    expect(stopOrderSpec('kraken', 'futures')).toBeUndefined();
    expect(stopOrderSpec('bitvavo', 'spot')).toBeUndefined();
    expect(orderQuirks('okx').wireClientId('th1a2b3-12-3')).toBe('th1a2b3x12x3');
    expect(orderQuirks('gate').wireClientId('th1a2b3-12-3')).toBe('t-th1a2b3-12-3');
    expect(orderQuirks('binance').wireClientId('th1a2b3-12-3')).toBe('th1a2b3-12-3');
    expect(orderQuirks('bybit').fetchParams).toEqual({ acknowledged: true });
    expect(orderQuirks('kraken').orderParams).toEqual({ trading_agreement: 'agree' });
  });
});
