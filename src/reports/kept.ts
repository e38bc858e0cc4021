// Answers kept under a key and built once: every caller arriving while an answer is being built
// shares that build, a failed build is not kept, and a key that moved (compared field by field
// with ===) rebuilds. KeptAnswers holds several such answers by name in an LRU (lru-cache);
// KeptAnswer is the one-answer case. The API's live answers (/status, /profit) and the reports'
// rarely asked variants (Telegram's /profit <n>) use them.

import { LRUCache } from 'lru-cache';

type Key = Record<string, unknown>;

function sameKey(a: Key, b: Key): boolean {
  for (const k of Object.keys(b)) if (a[k] !== b[k]) return false;
  return Object.keys(a).length === Object.keys(b).length;
}

export class KeptAnswers<K extends Key, T = string> {
  private readonly kept: LRUCache<string, { key: K; value: Promise<T> }>;

  constructor(max: number) {
    this.kept = new LRUCache({ max });
  }

  get(name: string, key: K, build: () => Promise<T>): Promise<T> {
    const hit = this.kept.get(name);
    if (hit && sameKey(hit.key, key)) return hit.value;
    const entry = { key, value: build() };
    this.kept.set(name, entry);
    entry.value.catch(() => {
      if (this.kept.peek(name) === entry) this.kept.delete(name);
    });
    return entry.value;
  }

  /**
   * The kept entry when its key matches (else undefined), as an identity: the same object for as
   * long as the kept answer stays the same, so a host may keep the answer's bytes under it.
   */
  current(name: string, key: K): object | undefined {
    const hit = this.kept.peek(name);
    return hit && sameKey(hit.key, key) ? hit : undefined;
  }
}

export class KeptAnswer<K extends Key, T = string> {
  private readonly one = new KeptAnswers<K, T>(1);

  get(key: K, build: () => Promise<T>): Promise<T> {
    return this.one.get('', key, build);
  }

  /** See KeptAnswers.current. */
  current(key: K): object | undefined {
    return this.one.current('', key);
  }
}
