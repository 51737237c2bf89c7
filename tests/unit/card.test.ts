/**
 * The card's barcode: what it encodes for each setting, and that the SVG
 * bwip-js draws really is that NW-7 barcode (read back bar by bar with the
 * Codabar table, as a scanner would).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { barcodeSvg } from '../../src/card/card-barcode.ts';
import { cardBarcode } from '../../src/card/card.rules.ts';
import { loadConfig } from '../../src/config.ts';

/** Codabar's characters as their 7 elements (bar, space, bar, …), 1 for wide. */
const CODABAR: Record<string, string> = {
  '0000011': '0',
  '0000110': '1',
  '0001001': '2',
  '1100000': '3',
  '0010010': '4',
  '1000010': '5',
  '0100001': '6',
  '0100100': '7',
  '0110000': '8',
  '1001000': '9',
  '0001100': '-',
  '0011000': '$',
  '1000101': ':',
  '1010001': '/',
  '1010100': '.',
  '0010101': '+',
  '0011010': 'A',
  '0101001': 'B',
  '0001011': 'C',
  '0001110': 'D',
};

/** The bars of the SVG as [left, right] edges: each path draws vertical lines of its stroke width centred on their x. */
function barsOf(svg: string): [number, number][] {
  const bars: [number, number][] = [];
  for (const [, width, d] of svg.matchAll(/<path[^>]*stroke-width="([\d.]+)"[^>]*d="([^"]+)"/g)) {
    for (const [, x] of d!.matchAll(/M([\d.]+) [\d.]+L/g)) bars.push([Number(x) - Number(width) / 2, Number(x) + Number(width) / 2]);
  }
  return bars.sort((a, b) => a[0] - b[0]);
}

/** Reads an NW-7 barcode: elements classed narrow or wide, characters 7 elements each with a narrow gap between. */
function readCodabar(svg: string): string {
  const bars = barsOf(svg);
  const elements: number[] = [];
  bars.forEach(([left, right], i) => {
    elements.push(right - left);
    if (i + 1 < bars.length) elements.push(bars[i + 1]![0] - right);
  });
  const threshold = (Math.min(...elements) + Math.max(...elements)) / 2;
  let text = '';
  for (let i = 0; i < elements.length; i += 8) {
    const pattern = elements
      .slice(i, i + 7)
      .map((e) => (e > threshold ? '1' : '0'))
      .join('');
    text += CODABAR[pattern] ?? '?';
  }
  return text;
}

describe('the card barcode', () => {
  it('encodes the card number between NW-7 start and stop characters, or as Code 128', () => {
    expect(cardBarcode('01000001', { symbology: 'nw7', nw7StartStop: 'A' })).toEqual({ bcid: 'rationalizedCodabar', text: 'A01000001A' });
    expect(cardBarcode('01000001', { symbology: 'nw7', nw7StartStop: 'C' })).toEqual({ bcid: 'rationalizedCodabar', text: 'C01000001C' });
    expect(cardBarcode('01000001', { symbology: 'code128', nw7StartStop: 'A' })).toEqual({ bcid: 'code128', text: '01000001' });
    // NW-7 has digits and six signs only: a lettered card number has no NW-7 barcode, but Code 128 takes it.
    expect(cardBarcode('AB-1234', { symbology: 'nw7', nw7StartStop: 'A' })).toBeNull();
    expect(cardBarcode('AB-1234', { symbology: 'code128', nw7StartStop: 'A' })).toEqual({ bcid: 'code128', text: 'AB-1234' });
  });

  it('draws an SVG that reads back as the card number, on white with a quiet zone', async () => {
    const svg = await barcodeSvg({ bcid: 'rationalizedCodabar', text: 'A01000001A' });
    expect(svg).toMatch(/^<svg viewBox="0 0 \d+ \d+" xmlns="http:\/\/www.w3.org\/2000\/svg">/);
    expect(svg).toContain('fill="#FFFFFF"');
    expect(readCodabar(svg)).toBe('A01000001A');
    expect(readCodabar(await barcodeSvg({ bcid: 'rationalizedCodabar', text: 'D0123-4567D' }))).toBe('D0123-4567D');
    const [first] = barsOf(svg);
    expect(first![0]).toBeGreaterThanOrEqual(20);
    const code128 = await barcodeSvg({ bcid: 'code128', text: '01000001' });
    expect(code128).toMatch(/^<svg /);
    expect(code128).not.toBe(svg);
  });
});

describe('the cardBarcode setting', () => {
  it('defaults to NW-7 with A, takes Code 128, and refuses anything else naming the field', () => {
    expect(loadConfig({}).rules.cardBarcode).toEqual({ symbology: 'nw7', nw7StartStop: 'A' });
    const file = (json: string) => {
      const name = path.join(mkdtempSync(path.join(tmpdir(), 'card-config-')), 'library.json');
      writeFileSync(name, json);
      return name;
    };
    const code128 = loadConfig({ LIBRARY_CONFIG: file('{"cardBarcode": {"symbology": "code128"}}') });
    expect(code128.rules.cardBarcode).toEqual({ symbology: 'code128', nw7StartStop: 'A' });
    expect(() => loadConfig({ LIBRARY_CONFIG: file('{"cardBarcode": {"symbology": "qr"}}') })).toThrow(/cardBarcode.symbology/);
  });
});
