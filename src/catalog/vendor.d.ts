/** Types for the two untyped packages the catalog import uses, limited to what it calls. */
declare module 'kuromoji' {
  export interface IpadicToken {
    surface_form: string;
    /** Katakana; absent for unknown words such as Latin letters. */
    reading?: string;
  }
  export interface Tokenizer {
    tokenize(text: string): IpadicToken[];
  }
  const kuromoji: {
    builder(options: { dicPath: string }): {
      build(callback: (error: Error | null, tokenizer: Tokenizer) => void): void;
    };
  };
  export default kuromoji;
}

declare module 'marcjs' {
  /** A field as marcjs keeps it: [tag, value] or [tag, indicators, code, value, code, value, …]. */
  export type MarcField = string[];
  export class Record {
    leader: string;
    fields: MarcField[];
  }
  const marc: {
    Iso2709Parser: { parse(raw: Buffer): Record };
    /** The MARCXML parser is reachable only through this dispatcher. */
    Marc: { parse(raw: string, type: 'marcxml'): Record };
    MarcxmlFormater: { format(record: Record): string };
    /** One ISO 2709 record; its lengths count UTF-8 bytes. */
    Iso2709Formater: { format(record: Record): string };
  };
  export default marc;
}
