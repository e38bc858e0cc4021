#!/usr/bin/env node
// The `tickhub-client` command. In a clone of the repository it runs the TypeScript source through
// Node's type stripping, so there is nothing to build and nothing a build can leave stale; the
// published package has no src/ and runs its compiled dist/.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli.ts', import.meta.url);
if (!existsSync(source)) {
  await import('../dist/cli.js');
} else if (process.features.typescript) {
  await import(source.href);
} else {
  process.stderr.write(
    `tickhub-client: running from the source needs Node >= 22.18 (type stripping); this is Node ${process.versions.node}. ` +
      'Use `npx tickhub-client` inside the repository (it runs the Node 22 that `npm install` brings), ' +
      'or build it: npm run build -w tickhub-client && node packages/client/dist/cli.js\n',
  );
  process.exitCode = 1;
}
