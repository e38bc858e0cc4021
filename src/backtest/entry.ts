// Entries in backtesting (freqtrade's _enter_trade / get_valid_price_and_stake): a limit order at
// the candle's open (or the strategy's custom entry price, capped by the candle), sized by the
// wallet and the strategy, filled at once when the candle's range holds its price.

import { maxLeverageForStake } from '../domain/money/index.ts';
import { maxPairStake, minPairStake } from '../domain/money/position-adjust.ts';
import { priceToPrecision } from '../domain/precision.ts';
import { tradeView } from '../strategy/types.ts';
import { safeCall } from './callbacks.ts';
import type { EngineState } from './engine.ts';
import type { Bar } from './exits.ts';
import { amountToPrecision, newTrade, recalc, setStop } from './trade.ts';
import type { BtTrade } from './types.ts';

interface PriceAndStake {
  rate: number;
  stake: number;
  leverage: number;
  minStake: number;
}

function validPriceAndStake(
  st: EngineState,
  pair: string,
  bar: Bar,
  proposeRate: number,
  stakeIn: number,
  dir: 'long' | 'short',
  time: number,
  entryTag: string | null,
  trade: BtTrade | null,
): PriceAndStake {
  const { strategy, s } = st;
  const market = s.markets[pair];
  let rate = proposeRate;
  if (s.entryOrderType === 'limit') {
    const args = {
      pair,
      trade: trade ? tradeView(trade) : null,
      currentTime: time,
      proposedRate: rate,
      entryTag,
      side: dir,
    };
    const custom = strategy.customEntryPrice ? safeCall(() => strategy.customEntryPrice!(args), rate) : rate;
    if (custom !== null && custom !== undefined && custom !== rate)
      rate = market?.precision.price ? priceToPrecision(custom, market.precision.price) : custom;
    // A limit above the high would be a stop entry, which freqtrade does not support.
    rate = dir === 'short' ? Math.max(rate, bar.low) : Math.min(rate, bar.high);
  }
  const posAdjust = trade !== null;
  let leverage = trade ? trade.leverage : 1;
  let stake = stakeIn;
  if (!posAdjust) {
    st.updateWallet();
    stake = st.wallet.tradeStake();
    const tiers = s.leverageTiers[pair];
    const maxLeverage = tiers
      ? maxLeverageForStake(tiers, stake)
      : (market?.limits.leverage.max ?? Number.POSITIVE_INFINITY);
    if (maxLeverage === null) return { rate, stake: 0, leverage: 1, minStake: 0 };
    const args = {
      pair,
      currentTime: time,
      currentRate: bar.open,
      proposedLeverage: 1,
      maxLeverage,
      entryTag,
      side: dir,
    };
    const wanted = s.tradingMode !== 'spot' && strategy.leverage ? safeCall(() => strategy.leverage!(args), 1) : 1;
    leverage = Math.min(Math.max(wanted, 1), maxLeverage);
  }
  const minStake = minPairStake(market, rate, posAdjust ? 0 : -0.05, leverage) ?? 0;
  const maxStake = maxPairStake(market, rate, leverage);
  const available = st.wallet.available();
  if (!posAdjust && strategy.customStakeAmount) {
    const args = {
      pair,
      currentTime: time,
      currentRate: rate,
      proposedStake: stake,
      minStake,
      maxStake: Math.min(available, maxStake),
      leverage,
      entryTag,
      side: dir,
    };
    const proposed = stake;
    stake = safeCall(() => strategy.customStakeAmount!(args), proposed);
  }
  const valid = st.wallet.validateStake(stake, minStake, maxStake, trade ? trade.stakeAmount : null);
  return { rate, stake: valid, leverage, minStake };
}

export interface EntryRequest {
  stakeAmount?: number;
  trade?: BtTrade;
  requestedRate?: number;
  requestedStake?: number;
  entryTag?: string | null;
}

/** Places (and, if the candle allows, fills) an entry order; the trade, new or adjusted, or null. */
export function enterTrade(
  st: EngineState,
  pair: string,
  bar: Bar,
  dir: 'long' | 'short',
  req: EntryRequest = {},
): BtTrade | null {
  const time = bar.date;
  const existing = req.trade ?? null;
  const entryTag = req.entryTag || bar.enterTag;
  const posAdjust = existing !== null && req.requestedRate === undefined;
  const stakeIn = req.stakeAmount || (existing ? existing.stakeAmount : 0);
  const ps = validPriceAndStake(st, pair, bar, bar.open, stakeIn, dir, time, entryTag, existing);
  const rate = req.requestedRate || ps.rate;
  let stake = req.requestedStake || ps.stake;
  if (!stake) return existing;
  if (ps.minStake && stake < ps.minStake) return existing;
  const market = st.s.markets[pair];
  const amount = amountToPrecision((stake / rate) * ps.leverage, market?.precision.amount ?? null);
  if (!amount) return existing;
  stake = (amount * rate) / ps.leverage;
  const confirm = st.strategy.confirmTradeEntry;
  if (!posAdjust && confirm) {
    const args = { pair, orderType: st.s.entryOrderType, amount, rate, currentTime: time, entryTag, side: dir };
    if (!safeCall(() => confirm.call(st.strategy, args), true)) return existing;
  }
  let trade = existing;
  if (!trade) {
    trade = newTrade(
      {
        id: ++st.tradeId,
        pair,
        isShort: dir === 'short',
        leverage: ps.leverage,
        openRate: rate,
        openDate: time,
        stakeAmount: stake,
        amount,
        enterTag: entryTag,
        fee: st.s.fee,
        amountPrecision: market?.precision.amount ?? null,
        pricePrecision: market?.precision.price ?? null,
      },
      st.s,
    );
    st.addTrade(trade);
  }
  setStop(trade, trade.openRate, st.strategy.stoploss, { initial: true });
  trade.orders.push({
    id: ++st.orderId,
    side: dir === 'short' ? 'sell' : 'buy',
    isEntry: true,
    orderType: st.s.entryOrderType,
    price: rate,
    amount,
    filled: 0,
    orderDate: time,
    filledDate: null,
    isOpen: true,
    tag: entryTag,
    fundingFee: 0,
  });
  st.tryFill(trade, true, time, bar);
  recalc(trade);
  return trade;
}
