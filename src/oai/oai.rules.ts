/**
 * OAI-PMH 2.0 (http://www.openarchives.org/OAI/openarchivesprotocol.html):
 * which request was made, or which errors it earns. Pure: the resumption
 * token's signature is checked by the function the route passes in.
 */
import type { Material } from '../db/schema.ts';

export const OAI_PAGE_SIZE = 100;
/** A harvest resumes within a day; an older token answers badResumptionToken. */
export const TOKEN_LIFETIME_MS = 24 * 3_600_000;

export const metadataFormats = {
  oai_dc: { schema: 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd', namespace: 'http://www.openarchives.org/OAI/2.0/oai_dc/' },
  // NDL publishes DC-NDL (Simple) as a namespace and its documentation, without a schema file: the namespace names both.
  dcndl_simple: { schema: 'http://ndl.go.jp/dcndl/dcndl_simple/', namespace: 'http://ndl.go.jp/dcndl/dcndl_simple/' },
} as const;
export type MetadataPrefix = keyof typeof metadataFormats;

export const oaiSets: Record<Material, { spec: string; name: string }> = {
  book: { spec: 'material:book', name: '図書 (books)' },
  magazine: { spec: 'material:magazine', name: '雑誌 (magazines)' },
  av: { spec: 'material:av', name: '視聴覚資料 (audiovisual)' },
};

export type OaiErrorCode =
  | 'badVerb'
  | 'badArgument'
  | 'badResumptionToken'
  | 'cannotDisseminateFormat'
  | 'idDoesNotExist'
  | 'noRecordsMatch'
  | 'noMetadataFormats'
  | 'noSetHierarchy';
export interface OaiError {
  code: OaiErrorCode;
  message: string;
}

/** Where a list stopped: after this record in (datestamp, id) order, having given `cursor` items. */
export interface Harvest {
  metadataPrefix: MetadataPrefix;
  set: Material | null;
  from: Date | null;
  until: Date | null;
  after: { changedAt: string; id: number } | null;
  cursor: number;
}

export type OaiRequest =
  | { verb: 'Identify' }
  | { verb: 'ListMetadataFormats'; identifier: string | null }
  | { verb: 'ListSets' }
  | { verb: 'GetRecord'; identifier: string; metadataPrefix: MetadataPrefix }
  | { verb: 'ListIdentifiers' | 'ListRecords'; harvest: Harvest };

export type ParsedOaiRequest =
  | { ok: true; request: OaiRequest; arguments: Record<string, string> }
  /** `arguments` is empty after badVerb and badArgument: the protocol echoes only a valid request's arguments. */
  | { ok: false; errors: OaiError[]; arguments: Record<string, string> };

const allowedArguments: Record<OaiRequest['verb'], { required: string[]; optional: string[] }> = {
  Identify: { required: [], optional: [] },
  ListMetadataFormats: { required: [], optional: ['identifier'] },
  ListSets: { required: [], optional: ['resumptionToken'] },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [] },
  ListIdentifiers: { required: ['metadataPrefix'], optional: ['from', 'until', 'set', 'resumptionToken'] },
  ListRecords: { required: ['metadataPrefix'], optional: ['from', 'until', 'set', 'resumptionToken'] },
};

const isVerb = (verb: string): verb is OaiRequest['verb'] => Object.hasOwn(allowedArguments, verb);
const isPrefix = (prefix: string): prefix is MetadataPrefix => Object.hasOwn(metadataFormats, prefix);
const bad = (code: OaiErrorCode, message: string, echo: Record<string, string> = {}): ParsedOaiRequest => ({
  ok: false,
  errors: [{ code, message }],
  arguments: echo,
});

/** Reads the query's (name, value) pairs; `readToken` gives a signed, unexpired token's harvest, or null. */
export function parseOaiRequest(pairs: [string, string][], readToken: (token: string) => Harvest | null): ParsedOaiRequest {
  const args: Record<string, string> = {};
  for (const [name, value] of pairs) {
    if (Object.hasOwn(args, name)) return bad(name === 'verb' ? 'badVerb' : 'badArgument', `the argument ${name} is repeated`);
    args[name] = value;
  }
  const { verb, ...rest } = args;
  if (verb === undefined || !isVerb(verb)) return bad('badVerb', verb === undefined ? 'the verb is missing' : `${verb} is not a verb`);
  const allowed = allowedArguments[verb];
  const unknown = Object.keys(rest).find((name) => !allowed.required.includes(name) && !allowed.optional.includes(name));
  if (unknown) return bad('badArgument', `${verb} takes no argument ${unknown}`);
  if (rest.resumptionToken !== undefined) return resumed(verb, rest, readToken);
  const missing = allowed.required.find((name) => rest[name] === undefined);
  if (missing) return bad('badArgument', `${verb} needs the argument ${missing}`);
  return argumentsOf(verb, rest);
}

function resumed(verb: OaiRequest['verb'], args: Record<string, string>, readToken: (token: string) => Harvest | null): ParsedOaiRequest {
  if (Object.keys(args).length > 1) return bad('badArgument', 'resumptionToken is an exclusive argument');
  const echo = { verb, resumptionToken: args.resumptionToken! };
  const harvest = verb === 'ListSets' ? null : readToken(args.resumptionToken!);
  if (!harvest || (verb !== 'ListIdentifiers' && verb !== 'ListRecords'))
    return bad('badResumptionToken', 'the resumption token is unknown or has expired', echo);
  return { ok: true, request: { verb, harvest }, arguments: echo };
}

function argumentsOf(verb: OaiRequest['verb'], args: Record<string, string>): ParsedOaiRequest {
  const echo = { verb, ...args };
  switch (verb) {
    case 'Identify':
    case 'ListSets':
      return { ok: true, request: { verb }, arguments: echo };
    case 'ListMetadataFormats':
      return { ok: true, request: { verb, identifier: args.identifier ?? null }, arguments: echo };
    case 'GetRecord': {
      const prefix = args.metadataPrefix!;
      if (!isPrefix(prefix)) return bad('cannotDisseminateFormat', `no records in ${prefix}`, echo);
      return { ok: true, request: { verb, identifier: args.identifier!, metadataPrefix: prefix }, arguments: echo };
    }
    case 'ListIdentifiers':
    case 'ListRecords':
      return listArguments(verb, args, echo);
  }
}

function listArguments(
  verb: 'ListIdentifiers' | 'ListRecords',
  args: Record<string, string>,
  echo: Record<string, string>,
): ParsedOaiRequest {
  const from = args.from === undefined ? null : parseDatestamp(args.from, 'from');
  const until = args.until === undefined ? null : parseDatestamp(args.until, 'until');
  if (from === undefined || until === undefined) return bad('badArgument', 'from and until are YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ');
  if (args.from && args.until && args.from.length !== args.until.length) return bad('badArgument', 'from and until differ in granularity');
  if (from && until && from > until) return bad('badArgument', 'from is later than until');
  const prefix = args.metadataPrefix!;
  if (!isPrefix(prefix)) return bad('cannotDisseminateFormat', `no records in ${prefix}`, echo);
  const set = args.set === undefined ? null : setOf(args.set);
  if (set === undefined) return bad('noRecordsMatch', `no set ${args.set}`, echo);
  return { ok: true, request: { verb, harvest: { metadataPrefix: prefix, set, from, until, after: null, cursor: 0 } }, arguments: echo };
}

function setOf(spec: string): Material | undefined {
  return (Object.keys(oaiSets) as Material[]).find((material) => oaiSets[material].spec === spec);
}

/** A day (from its start, or until its last second) or a UTC second; undefined when it is neither. */
function parseDatestamp(value: string, end: 'from' | 'until'): Date | undefined {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  if (!day && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value)) return undefined;
  const date = new Date(day ? `${value}T${end === 'from' ? '00:00:00' : '23:59:59'}Z` : value);
  if (Number.isNaN(date.getTime()) || !date.toISOString().startsWith(value.slice(0, 10))) return undefined;
  return date;
}

/** A datestamp as the protocol writes it: UTC to the second. */
export function formatDatestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** oai:HOST:ID, the host being the library's public address. */
export function oaiIdentifier(host: string, recordId: number): string {
  return `oai:${host}:${recordId}`;
}

/** The record id an identifier names on this host, or null. */
export function recordIdOf(host: string, identifier: string): number | null {
  const prefix = `oai:${host}:`;
  if (!identifier.startsWith(prefix)) return null;
  const id = identifier.slice(prefix.length);
  return /^[1-9]\d{0,8}$/.test(id) ? Number(id) : null;
}
