import { describe, expect, it } from 'vitest';
import { clientIpBehindProxies, ipMatches, normalizeIp } from '../../../src/api/middleware/client-ip.ts';

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
