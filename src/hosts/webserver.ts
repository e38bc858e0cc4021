// `npm run webserver -- [--config FILE]... [--db-url URL] [--user-data-dir DIR]`: freqtrade's
// webserver mode — the API (and FreqUI) for backtesting, data download and pairlist evaluation,
// without a trading loop. Same config files, credentials and security checks as `npm start`.

import { runNodeEntry } from './node/entry.ts';
import { startNodeWebserver } from './node/webserver.ts';

runNodeEntry({
  name: 'tickhub webserver',
  command: 'npm run webserver',
  start: (config, args) => startNodeWebserver({ config, dbUrl: args.dbUrl, onLog: (line) => console.log(line) }),
});
