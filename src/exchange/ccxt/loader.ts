// The one place that imports ccxt, and only on demand: the package costs ~0.3 s and ~130 MB to load,
// which a bot running on the offline market or a webserver-only process never needs to pay.

type CcxtModule = typeof import('ccxt')['default'];

let pending: Promise<CcxtModule> | undefined;
let loaded = false;

export function loadCcxt(): Promise<CcxtModule> {
  pending ??= import('ccxt').then((mod) => {
    loaded = true;
    return mod.default;
  });
  return pending;
}

/** Whether ccxt has been imported by this module (tests check the laziness with it). */
export function isCcxtLoaded(): boolean {
  return loaded;
}
