import { describe, expect, it } from 'vitest';
import { defaultRules } from '../../src/config.ts';
import { parseCardNumber, parseDate, phoneDigits } from '../../src/patrons/patron.rules.ts';

const pattern = defaultRules.cardNumberPattern;

describe('card numbers', () => {
  it.each([
    ['01234567', '01234567'],
    ['０１２３４５６７', '01234567'],
    ['0123-4567', '01234567'],
    ['０１２３－４５６７', '01234567'],
    [' 0123 4567 ', '01234567'],
    ['0123\u30004567', '01234567'],
    ['0123ー4567', '01234567'],
  ])('reads %j as %s', (input, expected) => {
    expect(parseCardNumber(input, pattern)).toEqual({ ok: true, cardNumber: expected });
  });

  it.each([
    ['', 'empty'],
    ['  - ', 'empty'],
    ['1234567', 'format'],
    ['11234567', 'format'],
    ['012345678', 'format'],
    ['0123456a', 'format'],
    ['0'.repeat(10_000), 'format'],
  ])('refuses %j (%s)', (input, reason) => {
    expect(parseCardNumber(input, pattern)).toEqual({ ok: false, reason });
  });

  it('follows a configured pattern', () => {
    expect(parseCardNumber('A-12345', '^A\\d{5}$')).toEqual({ ok: true, cardNumber: 'A12345' });
  });
});

describe('dates as patrons type them', () => {
  it.each([
    ['1990-01-02', '1990-01-02'],
    ['1990/1/2', '1990-01-02'],
    ['1990.1.2', '1990-01-02'],
    ['19900102', '1990-01-02'],
    ['１９９０／１／２', '1990-01-02'],
    ['1990年1月2日', '1990-01-02'],
    ['１９９０年１月２日', '1990-01-02'],
    [' 1990 - 01 - 02 ', '1990-01-02'],
    ['平成2年1月2日', '1990-01-02'],
    ['H2.1.2', '1990-01-02'],
    ['h2/1/2', '1990-01-02'],
    ['昭和25年1月20日', '1950-01-20'],
    ['S25.1.20', '1950-01-20'],
    ['平成元年2月1日', '1989-02-01'],
    ['令和元年5月1日', '2019-05-01'],
    ['2000-02-29', '2000-02-29'],
  ])('reads %j as %s', (input, expected) => {
    expect(parseDate(input)).toEqual({ ok: true, date: expected });
  });

  it.each([
    ['1990年2月30日', 'impossible'],
    ['1990-02-30', 'impossible'],
    ['1990-13-01', 'impossible'],
    ['19900231', 'impossible'],
    ['1900-02-29', 'impossible'],
    ['2023/4/31', 'impossible'],
    ['1990-00-10', 'impossible'],
  ])('tells an impossible date %j apart', (input, reason) => {
    expect(parseDate(input)).toEqual({ ok: false, reason });
  });

  it.each(['', '   '])('asks for an empty date %j', (input) => {
    expect(parseDate(input)).toEqual({ ok: false, reason: 'empty' });
  });

  it.each(['1990', '90/1/2', '1990-1', 'yesterday', '平成0年1月1日', 'X2.1.2', '1'.repeat(10_000)])('refuses %j as not a date', (input) => {
    expect(parseDate(input)).toEqual({ ok: false, reason: 'format' });
  });
});

describe('phone numbers', () => {
  it.each([
    ['045-333-4444', '0453334444'],
    ['０４５（３３３）４４４４', '0453334444'],
    ['090 1111 2222', '09011112222'],
    ['', ''],
    ['9'.repeat(10_000), ''],
  ])('keeps the digits of %j', (input, expected) => {
    expect(phoneDigits(input)).toBe(expected);
  });
});
