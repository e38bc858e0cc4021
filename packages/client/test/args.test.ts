import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindArgs, parseGlobalOptions, parseValue, splitArgs, UsageError } from '../src/cli/args.ts';
import { ConfigError, loadApiServer, serverUrlFrom } from '../src/cli/config.ts';
import { formatOutput } from '../src/cli/main.ts';
import { COMMANDS, findCommand, helpText } from '../src/commands.ts';
import { TickhubClient } from '../src/index.ts';

const command = (name: string) => {
  const found = findCommand(name);
  if (!found) throw new Error(`no command ${name}`);
  return found;
};

describe('parseValue', () => {
  it.each([
    ['42', 42],
    ['-3', -3],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['1e3', 1000],
    ['true', true],
    ['false', false],
    ['null', null],
    ['BTC/USDT', 'BTC/USDT'],
    ['12abc', '12abc'],
    ['', ''],
    ['a=b=c', 'a=b=c'],
  ])('%s', (text, expected) => {
    expect(parseValue(text)).toEqual(expected);
  });
});

describe('splitArgs', () => {
  it('keeps every "=" after the first in the value', () => {
    const { positionals, keywords } = splitArgs(['BTC/USDT', 'enter_tag=a=b==c', 'reason=', 'x']);
    expect(positionals).toEqual(['BTC/USDT', 'x']);
    expect(Object.fromEntries(keywords)).toEqual({ enter_tag: 'a=b==c', reason: '' });
  });

  it('rejects a key given twice', () => {
    expect(() => splitArgs(['a=1', 'a=2'])).toThrow(UsageError);
  });
});

describe('bindArgs', () => {
  it('maps positionals in order and keywords by name, typed per parameter', () => {
    expect(bindArgs(command('forceenter'), ['BTC/USDT', 'long', 'enter_tag=GutFeeling'])).toEqual({
      pair: 'BTC/USDT',
      side: 'long',
      enter_tag: 'GutFeeling',
    });
    expect(bindArgs(command('forceexit'), ['5', 'market', '23'])).toEqual({
      tradeid: 5,
      ordertype: 'market',
      amount: 23,
    });
    expect(bindArgs(command('forceexit'), ['all'])).toEqual({ tradeid: 'all' });
    expect(bindArgs(command('trades'), ['limit=10', 'order_by_id=false'])).toEqual({ limit: 10, order_by_id: false });
  });

  it('keeps numeric-looking text for string parameters', () => {
    expect(bindArgs(command('lock_add'), ['1INCH/USDT', '2024-03-30 16:00:00Z', 'reason=123'])).toEqual({
      pair: '1INCH/USDT',
      until: '2024-03-30 16:00:00Z',
      reason: '123',
    });
  });

  it('treats null as not given', () => {
    expect(bindArgs(command('forceexit'), ['5', 'null', '2'])).toEqual({ tradeid: 5, ordertype: undefined, amount: 2 });
  });

  it('collects rest and list parameters', () => {
    expect(bindArgs(command('blacklist'), ['A/B', 'C/D'])).toEqual({ pairs: ['A/B', 'C/D'] });
    expect(bindArgs(command('blacklist'), [])).toEqual({});
    expect(bindArgs(command('pair_candles'), ['ETH/BTC', '5m', 'columns=rsi,macd'])).toEqual({
      pair: 'ETH/BTC',
      timeframe: '5m',
      columns: ['rsi', 'macd'],
    });
  });

  it.each([
    ['forceexit', [], /missing parameter tradeid/],
    ['trade', ['abc'], /trade_id must be an integer/],
    ['daily', ['1', '2'], /too many arguments/],
    ['daily', ['weeks=2'], /unknown parameter weeks/],
    ['daily', ['3', 'days=4'], /given twice/],
    ['trades', ['order_by_id=maybe'], /true or false/],
    ['forcebuy', ['ETH/BTC', 'cheap'], /price must be a number/],
  ])('%s %j is a usage error', (name, args, message) => {
    expect(() => bindArgs(command(name), args)).toThrow(message);
  });
});

describe('parseGlobalOptions', () => {
  it('stops at the command so later dashes belong to it', () => {
    const options = parseGlobalOptions(['-c', 'a.json', '--config=b.json', '--url', 'http://x:1', 'daily', '-5']);
    expect(options).toMatchObject({ configs: ['a.json', 'b.json'], url: 'http://x:1', rest: ['daily', '-5'] });
  });

  it('reads flags', () => {
    expect(parseGlobalOptions(['-V'])).toMatchObject({ version: true });
    expect(parseGlobalOptions(['--show'])).toMatchObject({ show: true });
    expect(parseGlobalOptions(['--pretty', 'ping'])).toMatchObject({ pretty: true, rest: ['ping'] });
    expect(parseGlobalOptions(['--timeout', '500', 'ping'])).toMatchObject({ timeoutMs: 500 });
    expect(() => parseGlobalOptions(['--bogus'])).toThrow(/unknown option/);
    expect(() => parseGlobalOptions(['--url'])).toThrow(/needs a value/);
  });
});

describe('config files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tickhub-client-config-'));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('parses comments and trailing commas; later files win key by key', () => {
    const a = write(
      'a.json',
      `{
        // freqtrade style
        "api_server": { "listen_ip_address": "0.0.0.0", "listen_port": 8081, "username": "A", "password": "pa", },
        /* block comment */
      }`,
    );
    const b = write('b.json', '{"api_server": {"password": "pb"}}');
    const settings = loadApiServer([a, b]);
    expect(settings).toEqual({ listen_ip_address: '0.0.0.0', listen_port: 8081, username: 'A', password: 'pb' });
    expect(serverUrlFrom(settings)).toBe('http://127.0.0.1:8081');
  });

  it('builds URLs', () => {
    expect(serverUrlFrom({})).toBe('http://127.0.0.1:8080');
    expect(serverUrlFrom({ listen_ip_address: '10.0.0.2' })).toBe('http://10.0.0.2:8080');
    expect(serverUrlFrom({ listen_ip_address: '::' })).toBe('http://[::1]:8080');
  });

  it('reports missing and broken files', () => {
    expect(() => loadApiServer([join(dir, 'missing.json')])).toThrow(ConfigError);
    const broken = write('broken.json', '{"api_server": {');
    expect(() => loadApiServer([broken])).toThrow(/invalid JSON in .*broken.json/);
  });
});

describe('commands', () => {
  it('every command maps to a client method', () => {
    const methods = Object.getOwnPropertyNames(TickhubClient.prototype);
    for (const spec of COMMANDS) {
      if (spec.name === 'subscribe') continue;
      expect(methods).toContain(spec.name);
    }
  });

  it('covers the freqtrade-client command list', () => {
    const names = COMMANDS.map((c) => c.name);
    for (const name of [
      'available_pairs',
      'balance',
      'blacklist',
      'cancel_open_order',
      'count',
      'daily',
      'delete_lock',
      'delete_trade',
      'edge',
      'forcebuy',
      'forceenter',
      'forceexit',
      'health',
      'locks',
      'logs',
      'pair_candles',
      'pair_history',
      'performance',
      'ping',
      'plot_config',
      'profit',
      'reload_config',
      'show_config',
      'start',
      'stats',
      'status',
      'stop',
      'stopbuy',
      'strategies',
      'strategy',
      'sysinfo',
      'trade',
      'trades',
      'version',
      'whitelist',
      'weekly',
      'monthly',
      'entries',
      'exits',
      'mix_tags',
      'lock_add',
    ]) {
      expect(names).toContain(name);
    }
    expect([...names].sort()).toEqual(names);
  });

  it('help lists each command with its parameters', () => {
    const text = helpText();
    expect(text).toContain('forceenter <pair> [side] [price] [order_type] [stake_amount] [leverage] [enter_tag]\n');
    expect(text).toContain('\t:param enter_tag: entry tag to store on the trade\n');
    expect(text).toContain('blacklist [pairs...]\n');
  });

  it('formats output pretty or compact', () => {
    expect(formatOutput({ a: [1] }, true)).toBe('{\n  "a": [\n    1\n  ]\n}\n');
    expect(formatOutput({ a: [1] }, false)).toBe('{"a":[1]}\n');
    expect(formatOutput(undefined, false)).toBe('null\n');
  });
});
