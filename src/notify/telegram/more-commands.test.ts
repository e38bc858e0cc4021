import { describe, expect, it } from 'vitest';
import { pythonTimedelta, simpleTable } from './more-commands.ts';

describe('telegram report formatting', () => {
  it('prints durations as Python str(timedelta(seconds=…))', () => {
    // Expected values printed by CPython 3: str(timedelta(seconds=x)).
    expect(pythonTimedelta(0)).toBe('0:00:00');
    expect(pythonTimedelta(300)).toBe('0:05:00');
    expect(pythonTimedelta(3725.25)).toBe('1:02:05.250000');
    expect(pythonTimedelta(86_400)).toBe('1 day, 0:00:00');
    expect(pythonTimedelta(2 * 86_400 + 61)).toBe('2 days, 0:01:01');
  });

  it('lays out a table like tabulate (numbers right-aligned, strings left)', () => {
    expect(
      simpleTable(
        ['Exit Reason', 'Exits'],
        [
          ['ROI', 12],
          ['Force Exit', 3],
        ],
      ),
    ).toBe(
      ['Exit Reason      Exits', '-------------  -------', 'ROI                 12', 'Force Exit           3'].join(
        '\n',
      ),
    );
  });
});
