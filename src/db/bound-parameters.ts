// D1 binds at most 100 parameters per statement (SQLITE_MAX_VARIABLE_NUMBER on the edge); a query
// over a list of ids runs once per slice of the list that fits.

export const MAX_BOUND_PARAMETERS = 100;

/** Slices of `list` holding at most `MAX_BOUND_PARAMETERS - otherParameters` items each. */
export function boundSlices<T>(list: readonly T[], otherParameters = 0): T[][] {
  const size = MAX_BOUND_PARAMETERS - otherParameters;
  if (size < 1) throw new RangeError(`a statement with ${otherParameters} other parameters has no room for a list`);
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Runs `query` once per slice of `ids` (see boundSlices) and concatenates the rows, in slice order. */
export async function selectByIds<Id, Row>(
  ids: readonly Id[],
  otherParameters: number,
  query: (slice: Id[]) => Promise<Row[]>,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const slice of boundSlices(ids, otherParameters)) rows.push(...(await query(slice)));
  return rows;
}
