// Public surface for strategy authors: `import { BaseStrategy, ema, crossedAbove, … } from '…/strategy/index.ts'`.

export {
  type AnalyzedEntry,
  type AnalyzedKey,
  AnalyzedStore,
  analyze,
  type LastSignal,
  lastSignal,
} from './analyze.ts';
export { BaseStrategy, DEFAULT_ORDER_TYPES, defaultSettings } from './base.ts';
export { BUILTIN_STRATEGIES } from './builtin/index.ts';
export { askCustomRoi } from './custom-roi.ts';
export { InvalidStrategyNameError, StrategyError, StrategyNotFoundError } from './errors.ts';
export * from './frame.ts';
export * from './indicators/index.ts';
export {
  assertValidStrategyName,
  completeStrategy,
  isValidStrategyName,
  StrategyRegistry,
  type StrategyRegistryOptions,
  type StrategySource,
} from './loader.ts';
export {
  BaseParameter,
  BooleanParameter,
  CategoricalParameter,
  DecimalParameter,
  describeParameters,
  IntParameter,
  type ParameterJson,
  RealParameter,
} from './parameters.ts';
export type { StreamingAnalysis, StreamingPair } from './streaming.ts';
export * from './types.ts';
