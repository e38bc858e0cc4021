// Futures markets whose contract size is not 1 count orders in contracts. tickhub's trades, the bot's
// rounding and the Market it sees are in base currency, so the ccxt adapter converts at its edge,
// as freqtrade's exchange does: order amounts go out as amount_to_precision(amount_to_contracts(amount))
// and order amount / filled / remaining come back multiplied by the contract size
// (_order_contracts_to_amount, order_props_in_contracts).

import { amountToContracts, contractsToAmount } from '../../domain/contracts.ts';
import { amountToPrecision } from '../../domain/precision.ts';
import type { ExchangeOrder, Market } from '../port.ts';

interface ContractSpec {
  size: number;
  /** Order quantity step, in contracts (ccxt's precision.amount). */
  step: number;
}

const scale = (v: number | undefined, size: number) => (v === undefined ? undefined : contractsToAmount(v, size));

export class ContractUnits {
  private readonly specs = new Map<string, ContractSpec>();

  /** Records a market's contract size and returns it with the amount step and limits in base currency. */
  market(m: Market): Market {
    const size = m.contractSize ?? 1;
    if (size === 1 || !(size > 0)) {
      this.specs.delete(m.symbol);
      return m;
    }
    this.specs.set(m.symbol, { size, step: m.precision.amount });
    return {
      ...m,
      precision: { ...m.precision, amount: contractsToAmount(m.precision.amount, size) },
      limits: {
        ...m.limits,
        amount: { min: scale(m.limits.amount.min, size), max: scale(m.limits.amount.max, size) },
        // freqtrade's get_min/max_pair_stake_amount scale the cost limits by the contract size too.
        cost: { min: scale(m.limits.cost.min, size), max: scale(m.limits.cost.max, size) },
      },
    };
  }

  /** A base amount as the number of contracts to send, truncated to the contract step. */
  toContracts(symbol: string, amount: number): number {
    const spec = this.specs.get(symbol);
    if (!spec) return amount;
    const contracts = amountToContracts(amount, spec.size);
    return spec.step > 0 ? amountToPrecision(contracts, spec.step) : contracts;
  }

  /** A number of contracts in base currency (unchanged on markets without a contract size). */
  toAmount(symbol: string, contracts: number): number {
    const spec = this.specs.get(symbol);
    return spec ? contractsToAmount(contracts, spec.size) : contracts;
  }

  /** An order as ccxt reports it (in contracts) with amount, filled and remaining in base currency. */
  orderToAmount(o: ExchangeOrder): ExchangeOrder {
    const spec = this.specs.get(o.symbol);
    if (!spec) return o;
    return {
      ...o,
      amount: contractsToAmount(o.amount, spec.size),
      filled: contractsToAmount(o.filled, spec.size),
      remaining: contractsToAmount(o.remaining, spec.size),
    };
  }
}
