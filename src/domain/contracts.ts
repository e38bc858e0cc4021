// Futures contracts vs base-currency amounts (freqtrade's exchange_utils amount_to_contracts,
// contracts_to_amount, amount_to_contract_precision). Exchanges with a contract size other than 1
// (OKX, Gate, Bybit inverse, ...) count orders in contracts; tickhub's trades count base currency.
// A contract size of 1, 0 or none leaves the value unchanged, as freqtrade does.

import Big from 'big.js';
import { amountToPrecision } from './precision.ts';

function sized(contractSize: number | null | undefined): contractSize is number {
  return typeof contractSize === 'number' && contractSize !== 0 && contractSize !== 1 && Number.isFinite(contractSize);
}

/** Base amount → number of contracts (exact decimal division, as FtPrecise). */
export function amountToContracts(amount: number, contractSize: number | null | undefined): number {
  return sized(contractSize) ? Number(new Big(amount).div(contractSize).toString()) : amount;
}

/** Number of contracts → base amount. */
export function contractsToAmount(contracts: number, contractSize: number | null | undefined): number {
  return sized(contractSize) ? Number(new Big(contracts).times(contractSize).toString()) : contracts;
}

/**
 * The base amount an order can carry: converted to contracts, truncated to the contract step
 * (`contractStep`, the market's amount precision in contracts), converted back.
 */
export function amountToContractPrecision(
  amount: number,
  contractStep: number | null | undefined,
  contractSize: number | null | undefined,
): number {
  if (!contractStep) return amount;
  return contractsToAmount(amountToPrecision(amountToContracts(amount, contractSize), contractStep), contractSize);
}
