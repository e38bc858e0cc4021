import { describe, expect, it } from 'vitest';
import { clientIpBehindProxies } from '../../../src/api/middleware/client-ip.ts';
import { ipMatches, isLoopbackAddress, normalizeIp } from '../../../src/config/ip-address.ts';
import { validateConfig } from '../../../src/config/load.ts';
import { basicAuth, startTestServer } from '../../support/node-server.ts';
import { TEST_PASSWORD, TEST_USER } from '../../support/test-config.ts';

describe('client IP behind trusted proxies', () => {
  it('normalizes IPv4, IPv4-mapped IPv6 and IPv6; refuses anything else', () => {
    expect(normalizeIp(' 10.0.0.1 ')).toBe('10.0.0.1');
    expect(normalizeIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeIp('[::1]')).toBe('::1');
    expect(normalizeIp('2001:DB8::1')).toBe('2001:db8::1');
    for (const bad of ['', 'unknown', '1.2.3.256', '1.2.3', 'evil.example', '1.2.3.4 user="x"', ':::', 'a:b']) {
      expect(normalizeIp(bad), bad).toBeUndefined();
    }
  });

  it('matches exact addresses and IPv4 CIDR ranges', () => {
    expect(ipMatches('10.1.2.3', '10.0.0.0/8')).toBe(true);
    expect(ipMatches('11.1.2.3', '10.0.0.0/8')).toBe(false);
    expect(ipMatches('192.168.1.7', '192.168.1.7')).toBe(true);
    expect(ipMatches('1.2.3.4', '0.0.0.0/0')).toBe(true);
    expect(ipMatches('::1', '::1')).toBe(true);
    expect(ipMatches('1.2.3.4', 'garbage/8')).toBe(false);
    expect(ipMatches('1.2.3.4', '1.2.3.0/33')).toBe(false);
    expect(ipMatches('1.2.3.4', '1.2.3.0/')).toBe(false);
  });

  it('matches IPv6 addresses and CIDR ranges, whatever their spelling', () => {
    expect(ipMatches('2001:db8::7', '2001:db8::/32')).toBe(true);
    expect(ipMatches('2001:0DB8:0000:0000:0000:0000:0000:0007', '2001:db8::/32')).toBe(true);
    expect(ipMatches('2001:db9::7', '2001:db8::/32')).toBe(false);
    expect(ipMatches('fd12:3456::1', 'fd00::/8')).toBe(true);
    expect(ipMatches('fe80::1', 'fd00::/8')).toBe(false);
    expect(ipMatches('::1', '::1/128')).toBe(true);
    expect(ipMatches('0:0:0:0:0:0:0:1', '::1')).toBe(true);
    // one address family never matches the other's rules
    expect(ipMatches('10.0.0.1', '::/0')).toBe(false);
    expect(ipMatches('2001:db8::7', '0.0.0.0/0')).toBe(false);
    // an IPv4-mapped peer is the IPv4 address
    expect(ipMatches('::ffff:10.1.2.3', '10.0.0.0/8')).toBe(true);
    expect(normalizeIp('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
  });

  it('walks X-Forwarded-For behind an IPv6 trusted-proxy range', () => {
    // nginx on fd00::2 in front of the bot; the client connected to it over IPv6
    expect(clientIpBehindProxies('fd00::2', '2001:db8::42', ['fd00::/8'])).toBe('2001:db8::42');
    expect(clientIpBehindProxies('fd00::2', '6.6.6.6, 198.51.100.4, fd00::3', ['fd00::/8'])).toBe('198.51.100.4');
    // an untrusted IPv6 peer cannot claim an address
    expect(clientIpBehindProxies('2001:db8::99', '198.51.100.4', ['fd00::/8'])).toBe('2001:db8::99');
  });

  it('ignores X-Forwarded-For unless the socket peer is a trusted proxy', () => {
    expect(clientIpBehindProxies('203.0.113.9', '1.1.1.1', [])).toBe('203.0.113.9');
    expect(clientIpBehindProxies('203.0.113.9', '1.1.1.1', ['127.0.0.1'])).toBe('203.0.113.9');
    expect(clientIpBehindProxies('::ffff:127.0.0.1', '198.51.100.4', ['127.0.0.1'])).toBe('198.51.100.4');
    expect(clientIpBehindProxies(undefined, undefined, [])).toBe('unknown');
  });

  it('walks proxies from the right, so a client cannot choose its address', () => {
    // client-supplied "6.6.6.6", appended by the proxies: real client 198.51.100.4, then proxy 10.0.0.2
    const xff = '6.6.6.6, 198.51.100.4, 10.0.0.2';
    expect(clientIpBehindProxies('127.0.0.1', xff, ['127.0.0.1', '10.0.0.0/8'])).toBe('198.51.100.4');
    // garbage in the header stops the walk at the last trusted hop
    expect(clientIpBehindProxies('127.0.0.1', 'not-an-ip', ['127.0.0.1'])).toBe('127.0.0.1');
    expect(clientIpBehindProxies('127.0.0.1', '1.2.3.4 user="x"', ['127.0.0.1'])).toBe('127.0.0.1');
  });
});

describe('configured addresses', () => {
  it('knows loopback in every spelling', () => {
    for (const a of ['localhost', '127.0.0.1', '127.8.9.10', '::1', '[::1]', '0:0:0:0:0:0:0:1']) {
      expect(isLoopbackAddress(a), a).toBe(true);
    }
    for (const a of ['0.0.0.0', '::', '10.0.0.1', '2001:db8::1', '127.1', 'evil.example']) {
      expect(isLoopbackAddress(a), a).toBe(false);
    }
  });

  it('refuses a trusted proxy that is neither an address nor a CIDR range', () => {
    const base = { api_server: { enabled: true, username: 'u', password: 'p' } };
    const ok = validateConfig({
      ...base,
      api_server: { ...base.api_server, trusted_proxies: ['fd00::/8', '10.0.0.0/8', '::1'] },
    });
    expect(ok.config.api_server.trusted_proxies).toEqual(['fd00::/8', '10.0.0.0/8', '::1']);
    for (const bad of ['garbage/8', '10.0.0.0/33', 'fd00::/129', '10.0.0.0/', '']) {
      expect(
        () => validateConfig({ ...base, api_server: { ...base.api_server, trusted_proxies: [bad] } }),
        bad,
      ).toThrow(/trusted_proxies/);
    }
  });
});

describe('behind an IPv6 proxy over real HTTP', () => {
  it('a server on ::1 trusting ::/64 counts failed logins per forwarded client', async () => {
    const server = await startTestServer({
      api_server: { listen_ip_address: '::1', trusted_proxies: ['::/64'], login_max_failures: 2 },
    });
    try {
      expect(server.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      const from = (ip: string, authorization: string) => ({ headers: { 'x-forwarded-for': ip, authorization } });
      const wrong = basicAuth('nobody', 'wrong-password');
      const good = basicAuth(TEST_USER, TEST_PASSWORD);
      for (let i = 0; i < 2; i++) {
        expect((await server.fetch('/api/v1/version', from('198.51.100.7', wrong))).status).toBe(401);
      }
      expect((await server.fetch('/api/v1/version', from('198.51.100.7', good))).status).toBe(429);
      // the proxy itself (::1) and every other client behind it are not locked
      expect((await server.fetch('/api/v1/version', from('198.51.100.8', good))).status).toBe(200);
      expect((await server.fetch('/api/v1/version', from('2001:db8::8', good))).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
