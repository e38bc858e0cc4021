// freqtrade refuses to start with stoploss_on_exchange or a time-in-force policy the exchange does
// not take (validate_ordertypes / validate_order_time_in_force); tickhub's Bot.init does the same.
import { describe, expect, it } from 'vitest';
import { checkOrderSupport } from '../../../src/bot/settings.ts';
import { createCcxtExchange } from '../../../src/exchange/ccxt/adapter.ts';
import { DryRunBroker } from '../../../src/exchange/dry-run/broker.ts';

const gtc = { entry: 'GTC', exit: 'GTC' };

describe('order settings the exchange must support', () => {
  it('binance takes stop orders and GTC/FOK/IOC/PO; kraken (freqtrade default class) neither', async () => {
    const binance = await createCcxtExchange({ name: 'binance' });
    const kraken = await createCcxtExchange({ name: 'kraken' });
    const onExchange = { order_types: { stoploss_on_exchange: true }, order_time_in_force: gtc };
    expect(() => checkOrderSupport(onExchange, binance)).not.toThrow();
    expect(() => checkOrderSupport(onExchange, kraken)).toThrow('On exchange stoploss is not supported for Kraken.');
    // dry-run validates the real exchange, as freqtrade does
    expect(() => checkOrderSupport(onExchange, new DryRunBroker({ exchange: kraken }))).toThrow(/not supported/);
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
