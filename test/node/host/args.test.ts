// `npm start -- --help` prints the options and stops; a mistyped option is the usage and one line
// naming it (exit status 2, as freqtrade's argparse), never a stack trace. Real processes.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStartArgs, UsageError } from '../../../src/hosts/node/args.ts';
import { startBotProcess } from '../../support/process.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tickhub-args-'));
  dirs.push(d);
  return d;
}

describe('command-line arguments', () => {
  it('parses freqtrade-style options', () => {
    expect(parseStartArgs(['-c', 'a.json', '--config', 'b.json', '--db-url', 'file:x.sqlite', '-vv'])).toEqual({
      configFiles: ['a.json', 'b.json'],
      dbUrl: 'file:x.sqlite',
      userDataDir: undefined,
      verbosity: 2,
      help: undefined,
    });
    expect(parseStartArgs(['-h']).help).toBe(true);
    for (const bad of [['--nope'], ['extra'], ['--config']]) expect(() => parseStartArgs(bad)).toThrow(UsageError);
  });

  it('--help prints the usage and starts nothing', async () => {
    const cwd = tempDir();
    const p = startBotProcess(['--help'], { cwd });
    expect(await p.exited).toBe(0);
    expect(p.output()).toMatch(/^usage: npm start -- /);
    expect(p.output()).toContain('--user-data-dir DIR');
    expect(existsSync(join(cwd, 'user_data'))).toBe(false);
  }, 60_000);

  it('an unknown option: the usage and one line naming it, exit 2, no stack trace', async () => {
    const cwd = tempDir();
    const p = startBotProcess(['--strategy', 'X'], { cwd });
    expect(await p.exited).toBe(2);
    const out = p.output().trim().split('\n');
    expect(out[0]).toMatch(/^usage: npm start -- /);
    expect(out.at(-1)).toMatch(/^tickhub: Unknown option '--strategy'/);
    expect(p.output()).not.toMatch(/\n\s+at /);
    expect(existsSync(join(cwd, 'user_data'))).toBe(false);
  }, 60_000);
});
