// Wire schemas of every response and request body (zod v4).
// Interim copy of the `tickhub-client/schemas` package (branch `client`): once that package is on
// main this file becomes `export * from 'tickhub-client/schemas'` and the copies here go away.
export * from './basic.ts';
export * from './candles.ts';
export * from './common.ts';
export * from './config.ts';
export * from './errors.ts';
export * from './listings.ts';
export * from './lists.ts';
export * from './stats.ts';
export * from './system.ts';
export * from './trades.ts';
