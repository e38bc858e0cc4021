import { z } from 'zod';

/** JSON integer (ids, counts, millisecond timestamps). */
export const int = () => z.number().int();

/** Integer milliseconds since the epoch. */
export const msTimestamp = () => z.number().int().describe('milliseconds since epoch (UTC)');

/** `YYYY-MM-DD HH:MM:SS` (UTC, no zone), freqtrade's display format. */
export const dateString = () => z.string().describe('YYYY-MM-DD HH:MM:SS (UTC)');

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
const INTEGER = /^\s*[-+]?\d+\s*$/;

/**
 * A number in a request body that may also arrive as a numeric string, as pydantic's lax mode allows
 * (freqtrade-client sends every CLI value as a string).
 */
export const laxNumber = () =>
  z.preprocess((v) => (typeof v === 'string' && NUMERIC.test(v) ? Number(v) : v), z.number());

/** Integer counterpart of {@link laxNumber}. */
export const laxInt = () => z.preprocess((v) => (typeof v === 'string' && INTEGER.test(v) ? Number(v) : v), int());

/**
 * Bounds of body numbers freqtrade leaves unbounded: far beyond any real order, so no trader meets
 * them, and published in the OpenAPI document as minimum/maximum.
 */
export const BODY_BOUNDS = {
  /** A price, stake or amount: 0 (freqtrade's "not given") up to 10^15. */
  money: 1e15,
  /** Leverage: no exchange offers more than a few hundred. */
  leverage: 1_000,
  /** Candle counts. */
  limit: 1_000_000,
  /** Trade and lock ids: JavaScript's largest exact integer. */
  id: Number.MAX_SAFE_INTEGER,
} as const;

/** {@link laxNumber} within [min, max]. */
export const boundedLaxNumber = (min: number, max: number) =>
  z.preprocess((v) => (typeof v === 'string' && NUMERIC.test(v) ? Number(v) : v), z.number().min(min).max(max));

/** {@link laxInt} within [min, max]. */
export const boundedLaxInt = (min: number, max: number) =>
  z.preprocess((v) => (typeof v === 'string' && INTEGER.test(v) ? Number(v) : v), int().min(min).max(max));

/** Trade direction. */
export const Side = z.enum(['long', 'short']).meta({ id: 'Side' });
export type Side = z.infer<typeof Side>;

/** Order type accepted by force entry / exit. */
export const OrderTypeValue = z.enum(['limit', 'market']).meta({ id: 'OrderTypeValue' });
export type OrderTypeValue = z.infer<typeof OrderTypeValue>;

/** freqtrade candle types. */
export const CandleType = z
  .enum(['spot', 'futures', 'mark', 'index', 'premiumIndex', 'funding_rate'])
  .meta({ id: 'CandleType' });
export type CandleType = z.infer<typeof CandleType>;
