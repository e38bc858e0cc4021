import { describe, expect, it } from 'vitest';
import { KeptAnswer, KeptAnswers } from './kept.ts';

describe('kept answers', () => {
  it('concurrent callers share one build; a moved key rebuilds; a failed build is not kept', async () => {
    const kept = new KeptAnswer<{ version: number }, number>();
    let runs = 0;
    const build = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 20));
      return runs;
    };
    const answers = await Promise.all(Array.from({ length: 10 }, () => kept.get({ version: 1 }, build)));
    expect(answers).toEqual(Array(10).fill(1));
    expect(await kept.get({ version: 1 }, build)).toBe(1);
    expect(await kept.get({ version: 2 }, build)).toBe(2);
    await expect(kept.get({ version: 3 }, () => Promise.reject(new Error('db gone')))).rejects.toThrow('db gone');
    expect(await kept.get({ version: 3 }, build)).toBe(3);
  });

  it('holds at most `max` named answers, the least recently used going first', async () => {
    const kept = new KeptAnswers<{ v: number }, string>(2);
    let runs = 0;
    const build = (s: string) => async () => `${s}${++runs}`;
    expect(await kept.get('a', { v: 1 }, build('a'))).toBe('a1');
    expect(await kept.get('b', { v: 1 }, build('b'))).toBe('b2');
    expect(await kept.get('a', { v: 1 }, build('a'))).toBe('a1');
    expect(await kept.get('c', { v: 1 }, build('c'))).toBe('c3'); // b goes
    expect(await kept.get('a', { v: 1 }, build('a'))).toBe('a1');
    expect(await kept.get('b', { v: 1 }, build('b'))).toBe('b4');
  });
});
