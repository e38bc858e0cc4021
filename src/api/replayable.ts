// Kept answers a host may replay below the app (issue 19 point 1): a private GET whose 200 body
// is built once (built-once.ts) or constant, and the same for every authenticated user. Each route says
// which kept answer the app would send right now, as an identity (KeptAnswer.current): while that
// identity stays the same, the bytes the app sent for it can be sent again without the app, once
// the host has checked the credentials (auth/already-verified.ts). The Node host does so
// (hosts/node/fast-kept.ts); anything unusual still goes to the app.

import type { ApiDeps } from './context.ts';

/** The identity of the answer the app would send now, or undefined when none is kept. */
export type CurrentAnswer = () => object | undefined;

export class ReplayableAnswers {
  private readonly byPath = new Map<string, CurrentAnswer>();

  add(path: string, current: CurrentAnswer): void {
    this.byPath.set(path, current);
  }

  /** The route's current-answer function for an exact request target (no query string), if it has one. */
  lookup(target: string): CurrentAnswer | undefined {
    return this.byPath.get(target);
  }
}

const registries = new WeakMap<ApiDeps, ReplayableAnswers>();

/** The replayable answers of the app built on these deps. */
export function replayableAnswers(deps: ApiDeps): ReplayableAnswers {
  let answers = registries.get(deps);
  if (!answers) {
    answers = new ReplayableAnswers();
    registries.set(deps, answers);
  }
  return answers;
}
