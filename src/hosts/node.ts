// `npm start`: the Node host. Reads the config (creating the default on a first run), refuses
// insecure exposure, starts the bot and its API, and shuts down cleanly on SIGINT/SIGTERM.

import { loadConfig } from '../config/load.ts';
import { readConfigFiles } from './node/config-files.ts';
import { runNodeEntry } from './node/entry.ts';
import { startNodeServer } from './node/server.ts';

runNodeEntry({
  name: 'tickhub',
  command: 'npm start',
  start: (config, args, resolved) =>
    startNodeServer({
      config,
      configFiles: resolved.files,
      dbUrl: args.dbUrl,
      readConfig: () => {
        const next = loadConfig(readConfigFiles(resolved.files), process.env).config;
        if (args.userDataDir) next.user_data_dir = args.userDataDir;
        return next;
      },
      onLog: (line) => console.log(line),
    }),
});
