// The strategies that ship with tickhub, by class name.

import type { Strategy } from '../types.ts';
import { MaCrossStrategy } from './MaCrossStrategy.ts';
import { RsiStrategy } from './RsiStrategy.ts';
import { SampleStrategy } from './SampleStrategy.ts';

export { MaCrossStrategy, RsiStrategy, SampleStrategy };

export const BUILTIN_STRATEGIES: Readonly<Record<string, new () => Strategy>> = {
  MaCrossStrategy,
  RsiStrategy,
  SampleStrategy,
};
