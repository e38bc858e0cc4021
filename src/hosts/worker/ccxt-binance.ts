// ccxt with one exchange, for the Worker bundle: wrangler.toml aliases `ccxt` to this file, so the
// edge bundle is ~0.8 MB gzip instead of ~3.0 MB with every exchange ccxt has (the
// free plan's limit is 3 MB). For another exchange, copy this file with its id and point the
// alias at the copy (docs/edge.md). Same shape as ccxt's default export, as far as
// src/exchange/ccxt uses it: the exchange classes by id, `exchanges`, and the error classes.
// (Relative paths: ccxt's package exports do not expose its per-exchange modules.)

import * as errors from '../../../node_modules/ccxt/js/src/base/errors.js';
import binance from '../../../node_modules/ccxt/js/src/binance.js';

export * from '../../../node_modules/ccxt/js/src/base/errors.js';

const ccxt = { ...errors, binance, exchanges: ['binance'] };
export default ccxt;
