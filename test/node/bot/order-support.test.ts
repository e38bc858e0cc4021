// freqtrade refuses to start with stoploss_on_exchange or a time-in-force policy the exchange does
// not take (validate_ordertypes / validate_stop_ordertypes / validate_order_time_in_force); tickhub's
// Bot.init does the same, from the per-exchange table in src/exchange/ccxt/stop-orders.ts.
import { describe, expect, it } from 'vitest';
import { checkOrderSupport } from '../../../src/bot/settings.ts';
import { createCcxtExchange } from '../../../src/exchange/ccxt/adapter.ts';
import { DryRunBroker } from '../../../src/exchange/dry-run/broker.ts';
import type { TradingMode } from '../../../src/exchange/port.ts';

const gtc = { entry: 'GTC', exit: 'GTC' };
const onExchange = (extra: Record<string, unknown> = {}) => ({
  order_types: { stoploss_on_exchange: true, ...extra },
  order_time_in_force: gtc,
});

const ccxt = (name: string, trading_mode: TradingMode = 'spot') =>
  createCcxtExchange({ name, trading_mode, margin_mode: trading_mode === 'futures' ? 'isolated' : '' });

describe('order settings the exchange must support', () => {
  // freqtrade 2024.10 _ft_has / _ft_has_futures "stoploss_on_exchange" per exchange class.
  const cases: [string, TradingMode, string | null][] = [
    ['binance', 'spot', null],
    ['binance', 'futures', null],
    ['okx', 'spot', null],
    ['okx', 'futures', null],
    ['bybit', 'spot', 'On exchange stoploss is not supported for Bybit.'],
    ['bybit', 'futures', null],
    ['gate', 'spot', null],
    ['gate', 'futures', null],
    ['kraken', 'spot', null],
    ['kucoin', 'spot', null],
    ['htx', 'spot', null],
    ['bingx', 'spot', null],
    ['bitvavo', 'spot', 'On exchange stoploss is not supported for Bitvavo.'],
  ];
  it.each(cases)('%s %s: stoploss_on_exchange %s', async (name, mode, error) => {
    const ex = await ccxt(name, mode);
    const check = () => checkOrderSupport(onExchange(), ex);
    const dry = () => checkOrderSupport(onExchange(), new DryRunBroker({ exchange: ex }));
    if (error === null) {
      expect(check).not.toThrow();
      expect(dry).not.toThrow();
    } else {
      expect(check).toThrow(error);
      // dry-run validates the real exchange, as freqtrade does
      expect(dry).toThrow(error);
    }
  });

  it('futures stoploss_price_type: only the values the exchange maps (validate_stop_ordertypes)', async () => {
    const binance = await ccxt('binance', 'futures');
    expect(() => checkOrderSupport(onExchange({ stoploss_price_type: 'mark' }), binance)).not.toThrow();
    expect(() => checkOrderSupport(onExchange({ stoploss_price_type: 'index' }), binance)).toThrow(
      'On exchange stoploss price type is not supported for Binance.',
    );
    for (const name of ['okx', 'bybit', 'gate']) {
      const ex = await ccxt(name, 'futures');
      for (const t of ['last', 'mark', 'index']) {
        expect(() => checkOrderSupport(onExchange({ stoploss_price_type: t }), ex)).not.toThrow();
      }
    }
    // spot ignores the price type, as freqtrade does
    const okxSpot = await ccxt('okx');
    expect(() => checkOrderSupport(onExchange({ stoploss_price_type: 'index' }), okxSpot)).not.toThrow();
  });

  it('time in force: binance takes GTC/FOK/IOC/PO, other exchanges GTC only', async () => {
    const binance = await ccxt('binance');
    const kraken = await ccxt('kraken');
    const ioc = { order_types: {}, order_time_in_force: { entry: 'ioc', exit: 'GTC' } };
    expect(() => checkOrderSupport(ioc, binance)).not.toThrow();
    expect(() => checkOrderSupport(ioc, kraken)).toThrow('Time in force policies are not supported for Kraken yet.');
    expect(() => checkOrderSupport({ order_types: {}, order_time_in_force: gtc }, kraken)).not.toThrow();
  });
});

describe('futures margin modes (freqtrade validate_trading_mode_and_margin_mode)', () => {
  it('cross futures on Binance (freqtrade 2024.12+); other exchanges isolated only, with freqtrade’s error', async () => {
    const settings = { order_types: {}, order_time_in_force: gtc };
    const futures = (name: string, margin_mode: 'cross' | 'isolated' | '') =>
      createCcxtExchange({ name, trading_mode: 'futures', margin_mode });
    const check = async (name: string, mode: 'cross' | 'isolated' | '') => {
      const ex = await futures(name, mode);
      return () => checkOrderSupport(settings, ex);
    };
    expect(await check('binance', 'cross')).not.toThrow();
    expect(await check('binance', 'isolated')).not.toThrow();
    expect(await check('okx', 'isolated')).not.toThrow();
    expect(await check('okx', 'cross')).toThrow("Freqtrade does not support 'cross' 'futures' on OKX.");
    expect(await check('bybit', 'cross')).toThrow("Freqtrade does not support 'cross' 'futures' on Bybit.");
    expect(await check('binance', '')).toThrow("Freqtrade does not support '' 'futures' on Binance.");
    // dry-run validates the wrapped exchange
    const gate = new DryRunBroker({ exchange: await futures('gate', 'cross') });
    expect(() => checkOrderSupport(settings, gate)).toThrow("Freqtrade does not support 'cross' 'futures' on Gate.");
  });
});
