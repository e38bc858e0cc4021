// A Worker bundle without ccxt (offline market only): alias `ccxt` to this file in wrangler.toml.
// Any configured real exchange then fails at start with a clear message.

import * as errors from '../../../node_modules/ccxt/js/src/base/errors.js';

export * from '../../../node_modules/ccxt/js/src/base/errors.js';

const ccxt = { ...errors, exchanges: [] as string[] };
export default ccxt;
