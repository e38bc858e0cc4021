// ccxt with one exchange, for the Worker bundle: wrangler.toml aliases `ccxt` to this file, so the
// edge ships binance (~0.5 MB gzip) instead of every exchange ccxt has (~2.9 MB gzip, near the
// 3 MB limit of the free plan). For another exchange, copy this file with its id and point the
// alias at the copy (docs/edge.md). Same shape as ccxt's default export, as far as
// src/exchange/ccxt uses it: the exchange classes by id, `exchanges`, and the error classes.
// (Relative paths: ccxt's package exports do not expose its per-exchange modules.)

import * as errors from '../../../node_modules/ccxt/js/src/base/errors.js';
import binance from '../../../node_modules/ccxt/js/src/binance.js';

export * from '../../../node_modules/ccxt/js/src/base/errors.js';

const ccxt = { ...errors, binance, exchanges: ['binance'] };
export default ccxt;
