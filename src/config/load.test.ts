import { describe, expect, it } from 'vitest';
import { ConfigError, deepMerge, envOverrides, loadConfig } from './load.ts';
import { checkSecurity } from './security.ts';

const file = (text: string, path = 'config.json') => ({ path, text });

function issues(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.issues;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('config loading', () => {
  it('accepts comments and trailing commas, and fills freqtrade defaults', () => {
    const { config } = loadConfig([
      file(`{
        // a comment
        "stake_currency": "USDT", /* block */
        "max_open_trades": 5,
        "exchange": { "name": "offline", "pair_whitelist": ["BTC/USDT",], },
      }`),
    ]);
    expect(config.max_open_trades).toBe(5);
    expect(config.dry_run).toBe(true);
    expect(config.tradable_balance_ratio).toBe(0.99);
    expect(config.initial_state).toBe('stopped');
    expect(config.api_server.listen_ip_address).toBe('127.0.0.1');
    expect(config.api_server.listen_port).toBe(8080);
    expect(config.unfilledtimeout).toEqual({ entry: 10, exit: 10, exit_timeout_count: 0, unit: 'minutes' });
    expect(config.internals.process_throttle_secs).toBe(5);
    expect(config.exchange.pair_whitelist).toEqual(['BTC/USDT']);
  });

  it('merges several files in order, later files winning, objects merged key by key', () => {
    const { config } = loadConfig([
      file('{"max_open_trades": 3, "api_server": {"username": "a", "listen_port": 9000}}', 'a.json'),
      file(
        '{"max_open_trades": 7, "api_server": {"username": "b"}, "exchange": {"pair_whitelist": ["ETH/USDT"]}}',
        'b.json',
      ),
    ]);
    expect(config.max_open_trades).toBe(7);
    expect(config.api_server.username).toBe('b');
    expect(config.api_server.listen_port).toBe(9000);
    expect(config.exchange.pair_whitelist).toEqual(['ETH/USDT']);
  });

  it('replaces lists instead of concatenating them', () => {
    expect(deepMerge({ a: [1, 2], b: { c: 1 } }, { a: [3], b: { d: 2 } })).toEqual({ a: [3], b: { c: 1, d: 2 } });
  });

  it('applies TICKHUB__SECTION__KEY environment overrides last, typed and case-insensitive', () => {
    const env = {
      TICKHUB__MAX_OPEN_TRADES: '9',
      TICKHUB__API_SERVER__PASSWORD: 'from-env',
      TICKHUB__API_SERVER__CORS_ORIGINS: '["https://ui.example"]',
      TICKHUB__EXCHANGE__KEY: 'k',
      OTHER: 'ignored',
    };
    expect(envOverrides(env)).toEqual({
      max_open_trades: 9,
      api_server: { password: 'from-env', CORS_origins: ['https://ui.example'] },
      exchange: { key: 'k' },
    });
    const { config } = loadConfig([file('{"max_open_trades": 2}')], env);
    expect(config.max_open_trades).toBe(9);
    expect(config.api_server.CORS_origins).toEqual(['https://ui.example']);
  });

  it('names every bad key path and why', () => {
    const found = issues(() =>
      loadConfig([
        file(
          '{"max_open_trades": "many", "api_server": {"listen_port": 70000}, "stake_amount": -1, "exchange": {"pair_whitelist": [1]}}',
        ),
      ]),
    );
    const paths = found.map((i) => i.path);
    expect(paths).toContain('max_open_trades');
    expect(paths).toContain('api_server.listen_port');
    expect(paths).toContain('stake_amount');
    expect(paths).toContain('exchange.pair_whitelist[0]');
    for (const i of found) expect(i.message.length).toBeGreaterThan(0);
  });

  it('reports syntax errors with file, line and column', () => {
    const found = issues(() => loadConfig([file('{\n  "a": 1,\n  "b": }', 'broken.json')]));
    expect(found[0].path).toBe('broken.json');
    expect(found[0].message).toMatch(/line 3/);
  });

  it('lists unknown keys so typos are visible', () => {
    const { unknownKeys } = loadConfig([file('{"stake_amout": 10, "api_server": {"usernme": "x"}}')]);
    expect(unknownKeys).toEqual(['stake_amout', 'api_server.usernme']);
  });
});

describe('security checks', () => {
  const base = (api: Record<string, unknown>) =>
    loadConfig([file(JSON.stringify({ api_server: { username: 'u', ...api } }))]).config;
  const strong = { password: 'a-strong-password-123', jwt_secret_key: 'x'.repeat(40), ws_token: 'w'.repeat(24) };

  it('refuses weak credentials beyond loopback and only warns on loopback', () => {
    const exposed = base({ listen_ip_address: '0.0.0.0', password: '', jwt_secret_key: 'short' });
    expect(checkSecurity(exposed).fatal.map((f) => f.key)).toEqual([
      'api_server.password',
      'api_server.jwt_secret_key',
    ]);
    const local = base({ listen_ip_address: '127.0.0.1', password: '', jwt_secret_key: 'short' });
    expect(checkSecurity(local).fatal).toEqual([]);
    expect(checkSecurity(local).warnings.length).toBe(2);
  });

  it('refuses the documentation examples', () => {
    const examples = base({
      listen_ip_address: '0.0.0.0',
      password: 'SuperSecret1!',
      jwt_secret_key: 'somethingrandom',
      ws_token: 'sercet_Ws_t0ken',
    });
    expect(checkSecurity(examples).fatal.map((f) => f.key)).toEqual([
      'api_server.password',
      'api_server.jwt_secret_key',
      'api_server.ws_token',
    ]);
  });

  it('accepts strong credentials anywhere', () => {
    expect(checkSecurity(base({ listen_ip_address: '0.0.0.0', ...strong })).fatal).toEqual([]);
  });
});
