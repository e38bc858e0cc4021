// The strategies that ship with tickhub, by class name.

import type { Strategy } from '../types.ts';
import { CombinedBinHAndCluc } from './CombinedBinHAndCluc.ts';
import { MaCrossStrategy } from './MaCrossStrategy.ts';
import { RsiStrategy } from './RsiStrategy.ts';
import { SampleStrategy } from './SampleStrategy.ts';

export { CombinedBinHAndCluc, MaCrossStrategy, RsiStrategy, SampleStrategy };

export const BUILTIN_STRATEGIES: Readonly<Record<string, new () => Strategy>> = {
  CombinedBinHAndCluc,
  MaCrossStrategy,
  RsiStrategy,
  SampleStrategy,
};
