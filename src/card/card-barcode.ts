/**
 * The card's barcode as SVG, drawn on the server by bwip-js (a maintained
 * port of Barcode Writer in Pure PostScript): the phone receives a few
 * hundred bytes of markup and no script, so the page works without
 * JavaScript, offline from the service worker's copy, and within the
 * weight budget. bwip-js is loaded on the first card page, not at start.
 */
import type { BarcodeSpec } from './card.rules.ts';

/** Narrow bars of 2 px at the SVG's own scale, with the quiet zone a scanner needs (10 narrow bars) on each side. */
const SCALE = 2;
const QUIET_ZONE = 10 * SCALE;

export async function barcodeSvg(spec: BarcodeSpec): Promise<string> {
  const { toSVG } = await import('@bwip-js/node');
  return toSVG({
    bcid: spec.bcid,
    text: spec.text,
    scale: SCALE,
    height: 15,
    paddingwidth: QUIET_ZONE,
    paddingheight: 4,
    backgroundcolor: 'FFFFFF',
    barcolor: '000000',
  });
}
