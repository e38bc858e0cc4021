// Expected values printed by CPython 3 with tabulate 0.8.10 and humanize 4.16 (the wheels on this
// machine; freqtrade 2024.10 pins tabulate 0.9 / humanize 4.11, same layout for these cases).

import { describe, expect, it } from 'vitest';
import { fmtCoin, naturalTime, pyRepr, pythonTimedelta, roundValue, shortenDate, tabulate } from './format.ts';

describe('telegram formatting as freqtrade prints it', () => {
  it('fmt_coin / round_value: coin decimals, trailing zeros stripped', () => {
    expect(fmtCoin(0, 'USDT')).toBe('0 USDT');
    expect(fmtCoin(12.3456, 'USDT')).toBe('12.346 USDT');
    expect(fmtCoin(-0.0004, 'USDT', false)).toBe('-0');
    expect(fmtCoin(1234.5, 'USDT', false)).toBe('1234.5');
    expect(fmtCoin(0.1 + 0.2, 'USDT', false)).toBe('0.3');
    expect(fmtCoin(0.123456789, 'BTC')).toBe('0.12345679 BTC');
    expect(roundValue(100, 8)).toBe('100');
    expect(pyRepr({ '0': 0.04, '20': 0.02, x: true, y: null, z: 1 })).toBe(
      "{'0': 0.04, '20': 0.02, 'x': True, 'y': None, 'z': 1}",
    );
  });

  it('str(timedelta) and humanize.naturaltime', () => {
    expect(pythonTimedelta(300)).toBe('0:05:00');
    expect(pythonTimedelta(3725.25)).toBe('1:02:05.250000');
    expect(pythonTimedelta(2 * 86_400 + 61)).toBe('2 days, 0:01:01');
    const now = Date.UTC(2026, 0, 5, 12);
    const secs = [0, 1, 30, 60, 89, 90, 150, 3599, 3600, 5400, 7199, 86399, 86400, 2 * 86400, 45 * 86400];
    expect(secs.map((s) => naturalTime(now - s * 1000, now))).toEqual([
      'now',
      'a second ago',
      '30 seconds ago',
      'a minute ago',
      'a minute ago',
      '2 minutes ago',
      '2 minutes ago',
      'an hour ago',
      'an hour ago',
      '2 hours ago',
      '2 hours ago',
      'a day ago',
      'a day ago',
      '2 days ago',
      'a month ago',
    ]);
    expect([200, 364, 400, 800].map((d) => naturalTime(now - d * 86_400_000, now))).toEqual([
      '7 months ago',
      'a year ago',
      '1 year, 1 month ago',
      '2 years ago',
    ]);
    expect(naturalTime(now + 300_000, now)).toBe('5 minutes from now');
    expect(shortenDate('an hour ago')).toBe('1 h ago');
    expect(shortenDate('5 minutes ago')).toBe('5 min ago');
  });

  it('tabulate "simple": numeric texts parsed, floats as "g", decimal alignment, extra headers dropped', () => {
    expect(
      tabulate(
        [
          ['ROI', 12, 3, 0],
          ['Force Exit', 3, 1, 2],
        ],
        ['Exit Reason', 'Exits', 'Wins', 'Losses'],
      ),
    ).toBe(
      'Exit Reason      Exits    Wins    Losses\n-------------  -------  ------  --------\nROI                 12       3         0\nForce Exit           3       1         2',
    );
    expect(
      tabulate(
        [
          ['a', '1234567.891'],
          ['b', '-0.5'],
          ['c', '2.25'],
        ],
        ['x', 'USDT'],
      ),
    ).toBe('x            USDT\n---  ------------\na     1.23457e+06\nb    -0.5\nc     2.25');
    expect(
      tabulate(
        [
          ['2026-01-05 (1)', '12.345', '0.00 ', '1.23%'],
          ['2026-01-04 (0)', '0', '0.00 ', '0.00%'],
        ],
        ['Day (count)', 'USDT', '', 'Profit %', 'Trades'],
      ),
    ).toBe(
      'Day (count)       USDT      Profit %\n--------------  ------  --  ----------\n2026-01-05 (1)  12.345   0  1.23%\n2026-01-04 (0)   0       0  0.00%',
    );
    expect(tabulate([], ['Day (count)', 'USDT', '', 'Profit %', 'Trades'])).toBe(
      'Day (count)    USDT        Profit %    Trades\n-------------  ------  --  ----------  --------',
    );
    expect(
      tabulate(
        [
          ['1 ', 'BTC/USDT*', '5 min ago', '-0.52% (-0.52)'],
          ['12 ', 'ETH/USDT', '1 h ago', '1.00% (0.50)'],
        ],
        ['ID', 'Pair', 'Since', 'Profit (USDT)'],
      ),
    ).toBe(
      '  ID  Pair       Since      Profit (USDT)\n----  ---------  ---------  ---------------\n  1   BTC/USDT*  5 min ago  -0.52% (-0.52)\n 12   ETH/USDT   1 h ago    1.00% (0.50)',
    );
    expect(tabulate([[2, 3, 149.99999]], ['current', 'max', 'total stake'])).toBe(
      '  current    max    total stake\n---------  -----  -------------\n        2      3            150',
    );
    expect(
      tabulate(
        [
          ['Wins', '0:05:00'],
          ['Losses', 'N/A'],
        ],
        ['', 'Avg. Duration'],
      ),
    ).toBe('        Avg. Duration\n------  ---------------\nWins    0:05:00\nLosses  N/A');
  });
});
