// Expected strings are what CPython 3 prints for the same template and values
// (datetime fields as freqtrade sends them; ISO strings on our side).
import { describe, expect, it } from 'vitest';
import { floatRepr, pyFormat, TemplateFormatError, TemplateKeyError } from './py-format.ts';

const msg = {
  pair: 'BTC/USDT',
  limit: 43210.12345678,
  stake_amount: 100,
  profit_ratio: 0.01234,
  trade_id: 7,
  open_date: '2026-01-05T00:15:00.000+00:00',
  enter_tag: null,
  sub_trade: false,
  amount: 1e-5,
  big: 1.5e16,
  neg: -3.14158,
};

const CASES: [string, string][] = [
  ['Buying {pair}', 'Buying BTC/USDT'],
  ['limit {limit:8f}', 'limit 43210.123457'],
  ['{stake_amount} x', '100.0 x'],
  ['{profit_ratio:.2%}', '1.23%'],
  ['{trade_id}', '7'],
  ['{open_date:%Y-%m-%d %H:%M:%S}', '2026-01-05 00:15:00'],
  ['{open_date}', '2026-01-05 00:15:00+00:00'],
  ['{enter_tag}', 'None'],
  ['{sub_trade}', 'False'],
  ['{amount}', '1e-05'],
  ['{big}', '1.5e+16'],
  ['{neg:+.3f}', '-3.142'],
  ['{limit:,.2f}', '43,210.12'],
  ['{pair:>10}|', '  BTC/USDT|'],
  ['{pair:*^12}', '**BTC/USDT**'],
  ['{neg:010.2f}', '-000003.14'],
  ['{profit_ratio:.3}', '0.0123'],
  ['{stake_amount:.3}', '1e+02'],
  ['{limit:g}', '43210.1'],
  ['{amount:g}', '1e-05'],
  ['{amount:e}', '1.000000e-05'],
  ['{pair!r}', "'BTC/USDT'"],
  ['{{literal}} {trade_id:03d}', '{literal} 007'],
  ['{limit:_.1f}', '43_210.1'],
  ['{stake_amount:.0f}', '100'],
];

describe('pyFormat (Python str.format)', () => {
  it.each(CASES)('%s', (template, expected) => {
    expect(pyFormat(template, msg)).toBe(expected);
  });

  it('a missing field is a KeyError naming it', () => {
    expect(() => pyFormat('{nope}', msg)).toThrow(TemplateKeyError);
    expect(() => pyFormat('{nope}', msg)).toThrow("'nope'");
  });

  it('malformed templates and impossible specs are format errors', () => {
    expect(() => pyFormat('{pair', msg)).toThrow(TemplateFormatError);
    expect(() => pyFormat('a } b', msg)).toThrow(TemplateFormatError);
    expect(() => pyFormat('{pair:.2f}', msg)).toThrow(TemplateFormatError);
    expect(() => pyFormat('{enter_tag:.2f}', msg)).toThrow(TemplateFormatError);
    expect(() => pyFormat('{stake_amount:d}', msg)).toThrow(TemplateFormatError);
    expect(() => pyFormat('{limit:99999f}', msg)).toThrow(TemplateFormatError);
  });

  it('floats print as Python repr', () => {
    expect(floatRepr(0.1)).toBe('0.1');
    expect(floatRepr(100)).toBe('100.0');
    expect(floatRepr(0.0001)).toBe('0.0001');
    expect(floatRepr(1.23e-7)).toBe('1.23e-07');
    expect(floatRepr(1e22)).toBe('1e+22');
    expect(floatRepr(123456789012345.6)).toBe('123456789012345.6');
  });
});
