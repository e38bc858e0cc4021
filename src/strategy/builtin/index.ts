// The strategies that ship with tickhub, by class name.

import type { Strategy } from '../types.ts';
import { MaCrossStrategy } from './MaCrossStrategy.ts';
import { RsiStrategy } from './RsiStrategy.ts';

export { MaCrossStrategy, RsiStrategy };

export const BUILTIN_STRATEGIES: Readonly<Record<string, new () => Strategy>> = {
  MaCrossStrategy,
  RsiStrategy,
};
