// The project's dependency rules, in one place (shared/DESIGN.md "Layers"): which top-level
// folder of src/ may import which, and which packages each part may use. Every edge not listed is
// a violation (test/node/architecture/layers.test.ts fails the build on it), as is a runtime
// import cycle between files. Adding a folder or an edge means adding it here, on purpose.
//
// FOLDERS is in layer order: a folder may import only folders listed after it (checked), so the
// folders can never import each other in a circle. `client` is packages/client/src: the wire
// schemas, shared by every part that speaks the wire.

export const FOLDERS = [
  'cli',
  'hosts',
  'api',
  'bot',
  'backtest',
  'notify',
  'reports',
  'db',
  'rpc',
  'strategy',
  'exchange',
  'util',
  'domain',
  'config',
  'client',
] as const;

export type Folder = (typeof FOLDERS)[number];

/** For each folder, the folders it may import (besides itself). */
export const ALLOWED_EDGES: Record<Folder, readonly Folder[]> = {
  // Wiring only: builds everything for one runtime.
  hosts: [
    'api',
    'bot',
    'backtest',
    'notify',
    'reports',
    'db',
    'rpc',
    'strategy',
    'exchange',
    'util',
    'domain',
    'config',
  ],
  // Node entry points: they reuse the Node host's file and database helpers.
  cli: ['hosts', 'backtest', 'bot', 'db', 'strategy', 'exchange', 'util', 'config'],
  api: ['bot', 'backtest', 'reports', 'db', 'rpc', 'strategy', 'exchange', 'util', 'domain', 'config', 'client'],
  bot: ['reports', 'db', 'rpc', 'strategy', 'exchange', 'util', 'domain', 'config'],
  backtest: ['reports', 'strategy', 'exchange', 'util', 'domain', 'config'],
  notify: ['rpc', 'util', 'domain', 'config'],
  // The read model: report queries over the db's tables, priced with the exchange's rates.
  reports: ['db', 'strategy', 'exchange', 'util', 'domain', 'config', 'client'],
  // Repositories; they implement ports the exchange declares (candle persistence).
  db: ['exchange', 'util', 'domain', 'config'],
  // Messages (typed by the wire schemas), the Hub port and the websocket protocol over analysed frames.
  rpc: ['strategy', 'util', 'domain', 'config', 'client'],
  strategy: ['exchange', 'util', 'domain', 'config'],
  exchange: ['util', 'domain', 'config'],
  // Clock, logger, CoinGecko client and fiat converter (shared by api and notify); the logger
  // renders times with the domain's date module.
  util: ['domain'],
  domain: ['config'],
  config: [],
  // The client package stands alone: it imports nothing of the server.
  client: [],
};

/** Packages only some parts may import; any package not listed here is free for all. */
export const RESTRICTED_PACKAGES: { pattern: RegExp; why: string; allowedIn: RegExp }[] = [
  {
    pattern: /^node:/,
    why: 'Node built-ins run only in the Node host and the CLIs (the rest runs on Workers and in browsers too)',
    allowedIn: /^(src\/(hosts\/node\/|cli\/)|packages\/client\/src\/cli\/)/,
  },
  {
    pattern: /^(fs|path|os|http|https|net|crypto|child_process|url|util|stream|events)$/,
    why: 'Node built-ins are imported with the node: prefix, in the Node host and the CLI only',
    allowedIn: /^$/,
  },
  {
    pattern: /^(hono(\/|$)|@hono\/)/,
    why: 'the web framework belongs to the API and the hosts',
    allowedIn: /^src\/(api|hosts)\//,
  },
  {
    pattern: /^(ws|@hono\/node-server|apache-arrow|lz4js)$/,
    why: 'Node-only server and file libraries',
    allowedIn: /^src\/hosts\/node\//,
  },
  { pattern: /^(cloudflare:|@cloudflare\/)/, why: 'the Workers runtime', allowedIn: /^src\/hosts\/worker(\/|\.ts$)/ },
  { pattern: /^@libsql\//, why: 'database drivers are opened by the hosts', allowedIn: /^src\/hosts\// },
  {
    pattern: /^drizzle-orm(\/|$)/,
    why: 'SQL lives in the repositories (db) and the read model (reports); hosts open the driver',
    allowedIn: /^src\/(db|reports|hosts)\//,
  },
  {
    pattern: /^ccxt(\/|$)/,
    why: 'ccxt is reached through the Exchange port only (the edge bundle aliases it in hosts/worker/ccxt-*.ts)',
    allowedIn: /^src\/(exchange\/|hosts\/worker\/ccxt-)/,
  },
  { pattern: /^jose$/, why: 'tokens are the API auth layer', allowedIn: /^src\/api\// },
  { pattern: /^(vitest|fast-check)$/, why: 'test libraries, in *.test.ts files only', allowedIn: /\.test\.ts$/ },
];

/** Files outside the rules: sibling unit tests may import what they test from anywhere. */
export const EXEMPT = /\.test\.ts$/;
