// The fail2ban filter in docs/fail2ban.md matches the auth-failure lines a real server writes,
// extracts the right address, and cannot be fooled by hostile usernames or paths.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, startTestServer, type TestServer } from '../../support/node-server.ts';
import { REPO_ROOT } from '../../support/process.ts';

/** The failregex of the documented filter, as a JS RegExp (fail2ban's <HOST> as a named group). */
function documentedFailregex(): RegExp {
  const doc = readFileSync(join(REPO_ROOT, 'docs', 'fail2ban.md'), 'utf8');
  const line = doc.split('\n').find((l) => l.startsWith('failregex = '));
  if (!line) throw new Error('no failregex in docs/fail2ban.md');
  const pattern = line.slice('failregex = '.length).trim();
  // fail2ban's <HOST>: an optional IPv4-mapped prefix, then an address or name
  return new RegExp(pattern.replace('<HOST>', '(?:::f{4,6}:)?(?<host>[\\w\\-.^_:]*\\w)'));
}

/** The line as the Node host prints it (src/hosts/node/server.ts sink format). */
const printed = (r: [string, number, string, string, string]) => `${r[0]} - ${r[2]} - ${r[3]} - ${r[4]}`;

describe('fail2ban filter (docs/fail2ban.md)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ api_server: { trusted_proxies: ['127.0.0.1'] } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('matches every failure line and extracts the client address', async () => {
    const re = documentedFailregex();
    const attempts: [string, string, string][] = [
      ['198.51.100.7', 'admin', '/api/v1/token/login'],
      ['2001:db8::5', 'root', '/api/v1/version'],
      ['203.0.113.9', 'x" path=/ ip=6.6.6.6 user="y', '/api/v1/show_config'],
      ['203.0.113.10', 'Authentication failure: ip=6.6.6.6 user="z" path=/x', '/api/v1/version'],
      ['203.0.113.11', 'multi\nline', '/api/v1/version'],
    ];
    const before = server.deps.logs.recent().length;
    for (const [ip, user, path] of attempts) {
      const r = await server.fetch(path, {
        method: path.endsWith('login') ? 'POST' : 'GET',
        headers: { authorization: basicAuth(user, 'wrong'), 'x-forwarded-for': ip },
      });
      expect(r.status).toBe(401);
    }
    const lines = server.deps.logs
      .recent()
      .slice(before)
      .map((r) => printed(r))
      .filter((l) => l.includes('Authentication failure'));
    expect(lines).toHaveLength(attempts.length);
    lines.forEach((line, i) => {
      expect(line.split('\n')).toHaveLength(1);
      expect(line).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - tickhub\.api - WARNING - /);
      const m = re.exec(line);
      expect(m, line).not.toBeNull();
      expect(m?.groups?.host).toBe(attempts[i][0]);
    });
  });

  it('ignores successful requests and other log lines', async () => {
    const re = documentedFailregex();
    const before = server.deps.logs.recent().length;
    await server.fetch('/api/v1/version', { headers: { authorization: server.basic } });
    server.deps.log.warning('Something else: ip=1.2.3.4 user="a" path=/x');
    const lines = server.deps.logs.recent().slice(before).map(printed);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(re.test(line), line).toBe(false);
  });
});
