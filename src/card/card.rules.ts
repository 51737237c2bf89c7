/** The card on the phone: what the barcode encodes for the library's setting. */
import type { LibraryRules } from '../config.ts';

/** A barcode as bwip-js names its symbology, and the text it encodes (start and stop characters included). */
export interface BarcodeSpec {
  bcid: 'rationalizedCodabar' | 'code128';
  text: string;
}

/** What NW-7 encodes between its start and stop characters. */
const NW7_DATA = /^[0-9\-$:/.+]+$/;
/** Code 128 (code set B) encodes printable ASCII; the card numbers the database keeps are that (migration 20261205_0002). */
const CODE128_DATA = /^[!-~]+$/;

/** The barcode of a card number; null when the symbology cannot encode it (the page then shows the figures alone). */
export function cardBarcode(cardNumber: string, setting: LibraryRules['cardBarcode']): BarcodeSpec | null {
  if (setting.symbology === 'code128') return CODE128_DATA.test(cardNumber) ? { bcid: 'code128', text: cardNumber } : null;
  if (!NW7_DATA.test(cardNumber)) return null;
  const edge = setting.nw7StartStop;
  return { bcid: 'rationalizedCodabar', text: `${edge}${cardNumber}${edge}` };
}
