// The README's shell blocks, run in order against a started bot, so the README cannot rot: each
// block must exit 0 (curl fails on HTTP errors here), show the outputs its comments promise, and
// do what it says. Blocks that install, test or deploy are listed with the reason they are not run.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyEdits, modify, parse } from 'jsonc-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth } from '../../support/node-server.ts';
import { type BotProcess, freePort, REPO_ROOT, START_ENTRY, startBotProcess } from '../../support/process.ts';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const blocks = [...README.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
const firstLine = (block: string) => block.split('\n')[0] ?? '';

/** Blocks not run here, by first line, and why. */
const NOT_RUN: Record<string, string> = {
  'npm install && npm start': 'the fresh-clone check runs it; this test starts the same entry point',
  'npm test': 'it is the command running this test',
  'mkdir -p user_data':
    'no container tool runs here; test/node/host/docker.test.ts checks the files and the image command',
  'npm run dev:edge        # wrangler dev on 127.0.0.1:8787, offline, local D1 with migrations':
    'test/node/edge covers wrangler dev',
};

// A strategy that never enters, so only the README's force entries open trades.
const NEVER_ENTERS = `export class NeverEnters {
  timeframe = '5m';
  stoploss = -0.1;
  populateIndicators(frame) { return frame; }
  populateEntryTrend(frame) { return frame; }
  populateExitTrend(frame) { return frame; }
}
`;

const dir = mkdtempSync(join(tmpdir(), 'tickhub-readme-'));
let bot: BotProcess;
let port = 0;

beforeAll(async () => {
  // The project folder as the README assumes it: node_modules installed, user_data/ beside it.
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  mkdirSync(join(dir, 'user_data', 'strategies'), { recursive: true });
  writeFileSync(join(dir, 'user_data', 'strategies', 'NeverEnters.js'), NEVER_ENTERS);
  port = await freePort();
  bot = startBotProcess([], {
    cwd: dir,
    entry: START_ENTRY,
    env: { TICKHUB__API_SERVER__LISTEN_PORT: String(port), TICKHUB__STRATEGY: 'NeverEnters' },
  });
  await bot.waitFor(/tickhub is running/, 60_000);
  // The README talks to port 8080; this bot listens on a free port. Point the first-run config at
  // it (the client reads api_server from it) and the commands below.
  const configFile = join(dir, 'user_data', 'config.json');
  const text = readFileSync(configFile, 'utf8');
  writeFileSync(configFile, applyEdits(text, modify(text, ['api_server', 'listen_port'], port, {})));
}, 90_000);
afterAll(async () => {
  bot.child.kill('SIGTERM');
  await bot.exited;
  rmSync(dir, { recursive: true, force: true });
});

function runShell(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('README shell blocks', () => {
  it('every block is either run below or listed with the reason it is not', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    const unknown = blocks.map(firstLine).filter((l) => !(l in NOT_RUN));
    expect(unknown.some((l) => l.startsWith('PASS='))).toBe(true);
    expect(unknown.some((l) => l.startsWith('npx tickhub-client'))).toBe(true);
    for (const l of unknown) expect(l).toMatch(/^(PASS=|curl |npx tickhub-client )/);
  });

  it('copy-pasted in order, they work against the started bot', async () => {
    const runnable = blocks.filter((b) => !(firstLine(b) in NOT_RUN));
    // Promised outputs: a comment line right after a command, unless it abbreviates with "…".
    const promised = runnable.flatMap((b) =>
      b
        .split('\n')
        .filter((l) => l.startsWith('# ') && !l.includes('…'))
        .map((l) => l.slice(2)),
    );
    expect(promised).toContain('{"status":"pong"}');
    const script = [
      'set -euo pipefail',
      // Strict curl: an HTTP error fails the block (a copy-paste shows it as an error body).
      'curl() { command curl --silent --show-error --fail-with-body "$@"; echo; }',
      ...runnable.map((b, i) => `echo "=== block ${i}"\n${b.replaceAll('127.0.0.1:8080', `127.0.0.1:${port}`)}`),
    ].join('\n');
    const result = await runShell(script);
    expect(result.stderr).toBe('');
    expect(result.code, result.stdout).toBe(0);
    for (const out of promised) expect(result.stdout).toContain(out);
    expect(result.stdout).toContain(`"bot_name"`); // show_config
    expect(result.stdout).toContain('Usage: tickhub-client'); // help

    // What the blocks did: the forcebuy (ETH/USDT) and the client's forceenter (BTC/USDT, its tag)
    // opened trades 1 and 2, and `forceexit all` exited them: an entry not filled yet is cancelled and
    // its trade removed (as freqtrade), a filled one gets its exit order.
    expect(result.stdout).toMatch(/\{"trade_id":1,"pair":"ETH\/USDT",.*"enter_tag":"force_entry"/);
    expect(result.stdout).toMatch(/\{"trade_id":2,"pair":"BTC\/USDT",.*"enter_tag":"GutFeeling"/);
    expect(result.stdout).toContain('{"result":"Created exit orders for all open trades."}');
    const password = parse(readFileSync(join(dir, 'user_data', 'config.json'), 'utf8')).api_server.password;
    const status = await fetch(`http://127.0.0.1:${port}/api/v1/status`, {
      headers: { authorization: basicAuth('tickhub', password) },
    });
    for (const t of (await status.json()) as { has_open_orders: boolean }[]) expect(t.has_open_orders).toBe(true);
  });
});
