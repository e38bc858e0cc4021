import { describe, expect, it } from 'vitest';
import {
  dateIsoformat,
  datetimePrintFormat,
  isoformatNaive,
  isoformatUtc,
  loggingAsctime,
  pandasJsonIso,
  pandasTimestampString,
  pydanticDatetime,
  timerangeBound,
} from './dates.ts';

const WHOLE = Date.UTC(2024, 2, 30, 16, 5, 9); // 2024-03-30 16:05:09 UTC
const FRACTION = WHOLE + 120; // .120 s
const MIDNIGHT = Date.UTC(2024, 1, 29); // a leap day
const EPOCH = 0;

// [rendering, whole second, with milliseconds, midnight, epoch], each written out as Python prints it.
const TABLE: [string, (ms: number) => string, string, string, string, string][] = [
  [
    'strftime(DATETIME_PRINT_FORMAT)',
    datetimePrintFormat,
    '2024-03-30 16:05:09',
    '2024-03-30 16:05:09',
    '2024-02-29 00:00:00',
    '1970-01-01 00:00:00',
  ],
  ['date.isoformat()', dateIsoformat, '2024-03-30', '2024-03-30', '2024-02-29', '1970-01-01'],
  [
    'aware datetime.isoformat()',
    isoformatUtc,
    '2024-03-30T16:05:09+00:00',
    '2024-03-30T16:05:09.120000+00:00',
    '2024-02-29T00:00:00+00:00',
    '1970-01-01T00:00:00+00:00',
  ],
  [
    'naive datetime.isoformat()',
    isoformatNaive,
    '2024-03-30T16:05:09',
    '2024-03-30T16:05:09.120000',
    '2024-02-29T00:00:00',
    '1970-01-01T00:00:00',
  ],
  [
    'pydantic datetime',
    pydanticDatetime,
    '2024-03-30T16:05:09Z',
    '2024-03-30T16:05:09.120000Z',
    '2024-02-29T00:00:00Z',
    '1970-01-01T00:00:00Z',
  ],
  [
    'str(pandas.Timestamp)',
    pandasTimestampString,
    '2024-03-30 16:05:09+00:00',
    '2024-03-30 16:05:09.120000+00:00',
    '2024-02-29 00:00:00+00:00',
    '1970-01-01 00:00:00+00:00',
  ],
  [
    'DataFrame.to_json(date_format="iso")',
    pandasJsonIso,
    '2024-03-30T16:05:09.000Z',
    '2024-03-30T16:05:09.120Z',
    '2024-02-29T00:00:00.000Z',
    '1970-01-01T00:00:00.000Z',
  ],
  [
    'logging asctime',
    loggingAsctime,
    '2024-03-30 16:05:09,000',
    '2024-03-30 16:05:09,120',
    '2024-02-29 00:00:00,000',
    '1970-01-01 00:00:00,000',
  ],
  ['timerange bound', timerangeBound, '20240330T160509', '20240330T160509', '20240229', '19700101'],
];

describe('date renderings', () => {
  it.each(TABLE)('%s', (_name, render, whole, fraction, midnight, epoch) => {
    expect(render(WHOLE)).toBe(whole);
    expect(render(FRACTION)).toBe(fraction);
    expect(render(MIDNIGHT)).toBe(midnight);
    expect(render(EPOCH)).toBe(epoch);
  });

  it('a timerange bound drops zero seconds but keeps minutes', () => {
    expect(timerangeBound(Date.UTC(2024, 2, 30, 16, 5))).toBe('20240330T1605');
    expect(timerangeBound(Date.UTC(2024, 2, 30, 0, 0, 7))).toBe('20240330T000007');
  });
});
