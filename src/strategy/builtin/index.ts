// The strategies that ship with tickhub, by class name.

import type { Strategy } from '../types.ts';
import { CombinedBinHAndCluc } from './CombinedBinHAndCluc.ts';
import { FixedRiskRewardLoss } from './FixedRiskRewardLoss.ts';
import { InformativeSample } from './InformativeSample.ts';
import { MaCrossStrategy } from './MaCrossStrategy.ts';
import { RsiStrategy } from './RsiStrategy.ts';
import { SampleStrategy } from './SampleStrategy.ts';

export { CombinedBinHAndCluc, FixedRiskRewardLoss, InformativeSample, MaCrossStrategy, RsiStrategy, SampleStrategy };

export const BUILTIN_STRATEGIES: Readonly<Record<string, new () => Strategy>> = {
  CombinedBinHAndCluc,
  FixedRiskRewardLoss,
  InformativeSample,
  MaCrossStrategy,
  RsiStrategy,
  SampleStrategy,
};
