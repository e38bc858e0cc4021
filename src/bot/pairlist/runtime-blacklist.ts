// Adding to and removing from the blacklist at run time (/blacklist POST and DELETE): the list in
// force (config entries included) and the runtime part that is persisted change together.

import type { BlacklistResult } from '../api.ts';
import { isValidBlacklistEntry, MAX_BLACKLIST_ENTRIES } from './blacklist.ts';

export interface BlacklistLists {
  /** The blacklist in force: config entries and runtime additions. */
  blacklist: string[];
  /** Entries added at run time (the persisted part). */
  runtime: string[];
}

type Errors = BlacklistResult['errors'];

/** Adds pairs in place; returns freqtrade's per-pair error messages for the ones refused. */
export function addToBlacklist(lists: BlacklistLists, pairs: string[]): Errors {
  const errors: Errors = {};
  for (const pair of pairs) {
    if (lists.blacklist.includes(pair)) errors[pair] = { error_msg: `Pair ${pair} already in pairlist.` };
    else if (lists.blacklist.length >= MAX_BLACKLIST_ENTRIES)
      errors[pair] = { error_msg: `Pair ${pair} not added: the blacklist holds ${MAX_BLACKLIST_ENTRIES} entries.` };
    else if (!isValidBlacklistEntry(pair)) errors[pair] = { error_msg: `Pair ${pair} is not a valid wildcard.` };
    else {
      lists.blacklist.push(pair);
      lists.runtime.push(pair);
    }
  }
  return errors;
}

/** Removes pairs in place; returns an error message for each pair not in the blacklist. */
export function removeFromBlacklist(lists: BlacklistLists, pairs: string[]): Errors {
  const errors: Errors = {};
  for (const pair of pairs) {
    if (!lists.blacklist.includes(pair)) {
      errors[pair] = { error_msg: `Pair ${pair} is not in the current blacklist.` };
      continue;
    }
    removeAll(lists.blacklist, pair);
    removeAll(lists.runtime, pair);
  }
  return errors;
}

function removeAll(list: string[], item: string): void {
  for (let at = list.indexOf(item); at >= 0; at = list.indexOf(item)) list.splice(at, 1);
}
