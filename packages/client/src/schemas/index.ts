// Wire schemas of freqtrade's REST API and message websocket (zod v4).
// Every named schema carries `.meta({ id })`, which OpenAPI generators use as the component name.
export * from './backtest.ts';
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
export * from './webserver.ts';
export * from './ws.ts';
