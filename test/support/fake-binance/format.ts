// Binance's error body and the decimal-string helpers the fake answers with.

/** Thrown by handlers; the server answers `status` with Binance's `{code, msg}` body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: number;
  constructor(status: number, code: number, msg: string) {
    super(msg);
    this.status = status;
    this.code = code;
  }
}

export function decimals(step: string): number {
  const dot = step.indexOf('.');
  return dot < 0 ? 0 : step.length - dot - 1;
}

export function fmt(value: number, places = 8): string {
  return value.toFixed(places);
}

/** True when value is a whole multiple of step (within float noise). */
export function onStep(value: number, step: string): boolean {
  const ratio = value / Number(step);
  return Math.abs(ratio - Math.round(ratio)) < 1e-6;
}

export function roundTo(value: number, step: string): number {
  return Number((Math.round(value / Number(step)) * Number(step)).toFixed(decimals(step)));
}
