/**
 * The text of a CSV file as spreadsheet software in Japan saves it: UTF-8
 * (with or without a BOM) or Shift_JIS/CP932. Detection tries strict UTF-8
 * first, since CP932 bytes are almost never valid UTF-8 while the reverse is
 * common; the WHATWG `shift_jis` decoder is CP932 (NEC and IBM extensions
 * included). A file neither decoding reads is refused, never turned into mojibake.
 */

export const csvEncodings = ['utf8', 'cp932'] as const;
export type CsvEncoding = (typeof csvEncodings)[number];

export class CsvEncodingError extends Error {
  override name = 'CsvEncodingError';
}

const decoders: Record<CsvEncoding, TextDecoder> = {
  // ignoreBOM: false (the default) drops a leading BOM.
  utf8: new TextDecoder('utf-8', { fatal: true }),
  cp932: new TextDecoder('shift_jis', { fatal: true }),
};

const names: Record<CsvEncoding, string> = { utf8: 'UTF-8', cp932: 'Shift_JIS (CP932)' };

/** `utf8` or `cp932` as typed after `--encoding` (a few common spellings accepted); null for anything else. */
export function parseCsvEncoding(value: string): CsvEncoding | null {
  const key = value.toLowerCase().replace(/[-_]/g, '');
  if (key === 'utf8') return 'utf8';
  if (key === 'cp932' || key === 'shiftjis' || key === 'sjis' || key === 'windows31j') return 'cp932';
  return null;
}

/** Decodes the file's bytes in the forced encoding, or in the first of UTF-8 and CP932 that reads every byte. */
export function decodeCsv(bytes: Uint8Array, forced?: CsvEncoding): string {
  const tried = forced ? [forced] : csvEncodings;
  for (const encoding of tried) {
    const text = tryDecode(encoding, bytes);
    if (text !== null) return text;
  }
  throw new CsvEncodingError(
    forced
      ? `the file is not valid ${names[forced]}`
      : 'the file is neither UTF-8 nor Shift_JIS (CP932); save it as CSV UTF-8 or force one with --encoding utf8|cp932',
  );
}

function tryDecode(encoding: CsvEncoding, bytes: Uint8Array): string | null {
  try {
    return decoders[encoding].decode(bytes);
  } catch {
    return null;
  }
}
