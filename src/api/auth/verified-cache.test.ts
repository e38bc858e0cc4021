import { describe, expect, it } from 'vitest';
import { VerifiedAuthCache } from './verified-cache.ts';

const user = (username: string) => ({ username, readonly: false });

describe('VerifiedAuthCache', () => {
  it('answers until the expiry instant, not at it', () => {
    const cache = new VerifiedAuthCache(4);
    cache.set('k', user('a'), 1000);
    expect(cache.get('k', 999)).toEqual(user('a'));
    expect(cache.get('k', 1000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('stays bounded and drops the least recently used entry first', () => {
    const cache = new VerifiedAuthCache(2);
    cache.set('a', user('a'), 10);
    cache.set('b', user('b'), 10);
    expect(cache.get('a', 0)).toEqual(user('a'));
    cache.set('c', user('c'), 10);
    expect(cache.size).toBe(2);
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.get('a', 0)).toEqual(user('a'));
    expect(cache.get('c', 0)).toEqual(user('c'));
  });
});
