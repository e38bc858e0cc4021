import { describe, expect, it } from 'vitest';
import { sanitizeConfig } from './redact.ts';
import { configSchema } from './schema.ts';

const config = configSchema.parse({
  exchange: { name: 'binance', key: 'key-0123456789', secret: 'secret-0123456789' },
  api_server: { enabled: true, username: 'u', password: 'password-0123456789', jwt_secret_key: 'jwt-0123456789abc' },
  webhook: { enabled: true, url: 'https://hooks.example/T000/B000/abcdefghijkl' },
});

describe('sanitizeConfig (freqtrade sanitize_config, for the backtest zip)', () => {
  it("redacts freqtrade's keys and tickhub's own secrets in the effective config", () => {
    const out = sanitizeConfig(config) as Record<string, any>;
    expect(out.exchange).toMatchObject({ name: 'binance', key: 'REDACTED', secret: 'REDACTED', password: 'REDACTED' });
    expect(out.api_server).toMatchObject({ username: 'u', password: 'REDACTED', jwt_secret_key: 'REDACTED' });
    expect(out.webhook.url).toBe('REDACTED');
    expect(config.exchange.key).toBe('key-0123456789'); // the input is not touched
  });

  it('in the config as read, a key freqtrade does not list is still scrubbed when it holds a secret value', () => {
    const raw = {
      exchange: { key: 'key-0123456789' },
      notes: 'copied key-0123456789 here',
      list: ['password-0123456789', 'plain'],
      stake_amount: 10,
    };
    expect(sanitizeConfig(config, raw)).toEqual({
      exchange: { key: 'REDACTED' },
      notes: 'REDACTED',
      list: ['REDACTED', 'plain'],
      stake_amount: 10,
    });
  });
});
