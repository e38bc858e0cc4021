import { describe, expect, it } from 'vitest';
import { biggestOffenders, TokenBucket } from './ws-limits.ts';

describe('TokenBucket', () => {
  it('allows the burst at once, then the refill rate', () => {
    const b = new TokenBucket(3, 2, 0);
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([true, true, true, false]);
    expect(b.take(400)).toBe(false); // 0.8 token
    expect(b.take(500)).toBe(true); // 1 token after 500 ms at 2/s
    expect(b.take(10_000)).toBe(true);
    expect(b.take(10_000)).toBe(true);
    expect(b.take(10_000)).toBe(true);
    expect(b.take(10_000)).toBe(false); // refill never exceeds the burst
  });

  it('costs: a full bucket pays for anything once; used() tells what has not been refilled', () => {
    const b = new TokenBucket(100, 10, 0);
    expect(b.take(0, 250)).toBe(true);
    expect(b.used(0)).toBe(250);
    expect(b.take(0, 1)).toBe(false);
    expect(b.used(10_000)).toBe(150);
    expect(b.used(25_000)).toBe(0);
    expect(b.take(25_000, 60)).toBe(true);
    expect(b.take(25_000, 60)).toBe(false);
    expect(b.used(25_000)).toBe(60);
  });

  it('a clock going backwards adds nothing', () => {
    const b = new TokenBucket(1, 1, 5000);
    expect(b.take(5000)).toBe(true);
    expect(b.take(1000)).toBe(false);
  });
});

describe('biggestOffenders', () => {
  const sizes = (xs: number[]) => xs.map((size, id) => ({ id, size }));
  it('nothing when the total fits', () => {
    expect(biggestOffenders(sizes([10, 20]), (c) => c.size, 30)).toEqual([]);
  });
  it('the biggest first, only as many as needed', () => {
    expect(biggestOffenders(sizes([10, 50, 30, 5]), (c) => c.size, 50).map((c) => c.id)).toEqual([1]);
    expect(biggestOffenders(sizes([10, 50, 30, 5]), (c) => c.size, 40).map((c) => c.id)).toEqual([1, 2]);
  });
  it('on a tie the newer client goes first; empty clients are never dropped', () => {
    expect(biggestOffenders(sizes([20, 20, 0]), (c) => c.size, 30).map((c) => c.id)).toEqual([1]);
    expect(biggestOffenders(sizes([0, 0]), (c) => c.size, -1)).toEqual([]);
  });
});
