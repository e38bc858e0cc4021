// Errors raised by strategy loading and analysis. Messages are shown to API users as they are.

export class StrategyNotFoundError extends Error {
  readonly strategy: string;
  constructor(name: string) {
    super(`Strategy ${name} not found.`);
    this.name = 'StrategyNotFoundError';
    this.strategy = name;
  }
}

/** A name that is not a plain class name (path separators, '..', ':' …); rejected before any lookup. */
export class InvalidStrategyNameError extends Error {
  readonly strategy: string;
  constructor(name: string) {
    // freqtrade's wording for names with ':' (its base64-encoded strategy form), which the API returns as is.
    super(
      name.includes(':')
        ? 'base64 encoded strategies are not allowed.'
        : `Invalid strategy name ${JSON.stringify(name)}: only letters, digits and '_' are allowed.`,
    );
    this.name = 'InvalidStrategyNameError';
    this.strategy = name;
  }
}

/** A strategy that exists but cannot be used (bad settings, broken module, bad frame). */
export class StrategyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StrategyError';
  }
}
