// `npm run dev:edge`: the Worker locally under wrangler dev, fully offline. Creates .dev.vars with
// fresh random secrets on the first run (mode 0600, gitignored), applies the D1 migrations to the
// local database, then serves on 127.0.0.1 with /__scheduled for triggering the cron by hand.
//
//   npm run dev:edge -- [--port 8787] [--persist-to DIR] [--dev-vars FILE]

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = join(import.meta.dirname, '..');
const WRANGLER = join(ROOT, 'node_modules', '.bin', 'wrangler');

/** Keeps wrangler on loopback: no telemetry, no update check, no cf.json download. */
export const OFFLINE_ENV = {
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  DO_NOT_TRACK: '1',
};

function secret(): string {
  return randomBytes(32).toString('base64url');
}

/** Writes the local secrets file once; never overwrites one that exists. */
export function ensureDevVars(file: string): boolean {
  if (existsSync(file)) return false;
  const lines = [
    '# Local secrets for `npm run dev:edge` (generated; never commit this file).',
    `TICKHUB__API_SERVER__PASSWORD=${secret()}`,
    `TICKHUB__API_SERVER__JWT_SECRET_KEY=${secret()}`,
    `TICKHUB__API_SERVER__WS_TOKEN=${secret()}`,
    '',
  ];
  writeFileSync(file, lines.join('\n'), { mode: 0o600, flag: 'wx' });
  return true;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      'persist-to': { type: 'string' },
      'dev-vars': { type: 'string', default: join(ROOT, '.dev.vars') },
    },
  });
  const env = { ...process.env, ...OFFLINE_ENV };
  const devVars = resolve(values['dev-vars']);
  if (ensureDevVars(devVars)) console.log(`Created ${devVars} with fresh random secrets (mode 0600).`);
  const persist = values['persist-to'] ? ['--persist-to', resolve(values['persist-to'])] : [];

  const migrate = spawnSync(WRANGLER, ['d1', 'migrations', 'apply', 'DB', '--local', ...persist], {
    cwd: ROOT,
    env: { ...env, CI: 'true' }, // no confirmation prompt
    stdio: 'inherit',
  });
  if (migrate.status !== 0) {
    console.error('Applying the D1 migrations to the local database failed.');
    process.exit(migrate.status ?? 1);
  }

  console.log(`tickhub edge: http://127.0.0.1:${values.port}/api/v1/ping (user "tickhub", password in ${devVars})`);
  console.log(`  run a cron tick: curl 'http://127.0.0.1:${values.port}/__scheduled?cron=*+*+*+*+*'`);
  const dev = spawn(
    WRANGLER,
    [
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      values.port,
      '--test-scheduled',
      '--env-file',
      devVars,
      '--show-interactive-dev-session=false',
      ...persist,
    ],
    { cwd: ROOT, env, stdio: 'inherit' },
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => dev.kill(signal));
  dev.on('exit', (code) => process.exit(code ?? 0));
}

if (import.meta.main) main();
