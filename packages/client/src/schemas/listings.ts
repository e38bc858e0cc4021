import { z } from 'zod';

/** GET /strategies. */
export const Strategies = z.object({ strategies: z.array(z.string()) }).meta({ id: 'Strategies' });
export type Strategies = z.infer<typeof Strategies>;

/** GET /strategy/{name}. `params` since API 2.47. */
/** A hyperoptable strategy parameter (API 2.47; FreqUI's AllStrategyParameter). */
export const StrategyParameter = z
  .object({
    param_type: z.enum([
      'IntParameter',
      'RealParameter',
      'DecimalParameter',
      'CategoricalParameter',
      'BooleanParameter',
    ]),
    name: z.string(),
    space: z.string(),
    load: z.boolean(),
    optimize: z.boolean(),
    value: z.unknown(),
    low: z.number().optional(),
    high: z.number().optional(),
    decimals: z.number().int().optional(),
    opt_range: z.array(z.unknown()).optional(),
  })
  .meta({ id: 'StrategyParameter' });
export type StrategyParameter = z.infer<typeof StrategyParameter>;

export const StrategyResponse = z
  .object({
    strategy: z.string(),
    code: z.string(),
    timeframe: z.string().nullable(),
    params: z
      .array(StrategyParameter)
      .optional()
      .describe('API 2.47: the strategy parameters with their current values (always sent by tickhub)'),
  })
  .meta({ id: 'StrategyResponse' });
export type StrategyResponse = z.infer<typeof StrategyResponse>;

export const ExchangeListEntry = z
  .object({
    name: z.string(),
    classname: z.string(),
    valid: z.boolean(),
    supported: z.boolean(),
    comment: z.string(),
    dex: z.boolean(),
    is_alias: z.boolean(),
    alias_for: z.string().nullable(),
    trade_modes: z.array(z.object({ trading_mode: z.string(), margin_mode: z.string() })),
  })
  .meta({ id: 'ExchangeListEntry' });
export type ExchangeListEntry = z.infer<typeof ExchangeListEntry>;

/** GET /exchanges. */
export const Exchanges = z.object({ exchanges: z.array(ExchangeListEntry) }).meta({ id: 'Exchanges' });
export type Exchanges = z.infer<typeof Exchanges>;

/** GET /hyperoptloss. */
export const HyperoptLossList = z
  .object({ loss_functions: z.array(z.object({ name: z.string(), description: z.string() })) })
  .meta({ id: 'HyperoptLossList' });
export type HyperoptLossList = z.infer<typeof HyperoptLossList>;

/** GET /freqaimodels. */
export const FreqaiModels = z.object({ freqaimodels: z.array(z.string()) }).meta({ id: 'FreqaiModels' });
export type FreqaiModels = z.infer<typeof FreqaiModels>;
