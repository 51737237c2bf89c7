/** OAI-PMH answers as XML, built with xmlbuilder2 so every name and value is escaped and namespaced correctly. */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { HarvestedRecord } from './oai.repo.ts';
import { type MetadataPrefix, formatDatestamp, metadataFormats, oaiIdentifier, oaiSets, type OaiError } from './oai.rules.ts';

const OAI = 'http://www.openarchives.org/OAI/2.0/';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const DC = 'http://purl.org/dc/elements/1.1/';
const DCTERMS = 'http://purl.org/dc/terms/';
const DCNDL = 'http://ndl.go.jp/dcndl/terms/';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';

export interface OaiSite {
  /** The provider's base URL (BASE_URL + /oai). */
  baseUrl: string;
  /** The public host, the middle of every identifier. */
  host: string;
  /** Where a record's page is: the link every metadata format carries. */
  recordUrl(id: number): string;
}

/** The envelope every answer shares: responseDate and the request, with its arguments when it was valid. */
export function oaiResponse(site: OaiSite, now: Date, args: Record<string, string>, body: (root: XMLBuilder) => void): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(OAI, 'OAI-PMH', {
    'xmlns:xsi': XSI,
    'xsi:schemaLocation': `${OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd`,
  });
  root.ele(OAI, 'responseDate').txt(formatDatestamp(now));
  root.ele(OAI, 'request', args).txt(site.baseUrl);
  body(root);
  return root.end({ prettyPrint: false });
}

export function errors(list: OaiError[]) {
  return (root: XMLBuilder) => {
    for (const error of list) root.ele(OAI, 'error', { code: error.code }).txt(error.message);
  };
}

export function identify(site: OaiSite, repositoryName: string, adminEmail: string, earliest: Date) {
  return (root: XMLBuilder) => {
    const id = root.ele(OAI, 'Identify');
    id.ele(OAI, 'repositoryName').txt(repositoryName);
    id.ele(OAI, 'baseURL').txt(site.baseUrl);
    id.ele(OAI, 'protocolVersion').txt('2.0');
    id.ele(OAI, 'adminEmail').txt(adminEmail);
    id.ele(OAI, 'earliestDatestamp').txt(formatDatestamp(earliest));
    id.ele(OAI, 'deletedRecord').txt('persistent');
    id.ele(OAI, 'granularity').txt('YYYY-MM-DDThh:mm:ssZ');
  };
}

export function listMetadataFormats(root: XMLBuilder): void {
  const list = root.ele(OAI, 'ListMetadataFormats');
  for (const [prefix, format] of Object.entries(metadataFormats)) {
    const entry = list.ele(OAI, 'metadataFormat');
    entry.ele(OAI, 'metadataPrefix').txt(prefix);
    entry.ele(OAI, 'schema').txt(format.schema);
    entry.ele(OAI, 'metadataNamespace').txt(format.namespace);
  }
}

export function listSets(root: XMLBuilder): void {
  const list = root.ele(OAI, 'ListSets');
  for (const set of Object.values(oaiSets)) {
    const entry = list.ele(OAI, 'set');
    entry.ele(OAI, 'setSpec').txt(set.spec);
    entry.ele(OAI, 'setName').txt(set.name);
  }
}

function header(parent: XMLBuilder, site: OaiSite, record: HarvestedRecord): void {
  const h = parent.ele(OAI, 'header', record.deleted ? { status: 'deleted' } : {});
  h.ele(OAI, 'identifier').txt(oaiIdentifier(site.host, record.id));
  h.ele(OAI, 'datestamp').txt(formatDatestamp(record.changedAt));
  h.ele(OAI, 'setSpec').txt(oaiSets[record.material].spec);
}

export interface Resumption {
  token: string;
  expires: Date | null;
  completeListSize: number;
  cursor: number;
}

/** ListIdentifiers or ListRecords: the page, and the resumption token (empty on the last page, as the protocol asks). */
export function list(
  verb: 'ListIdentifiers' | 'ListRecords',
  site: OaiSite,
  records: HarvestedRecord[],
  prefix: MetadataPrefix,
  resumption: Resumption | null,
) {
  return (root: XMLBuilder) => {
    const container = root.ele(OAI, verb);
    for (const record of records) {
      if (verb === 'ListIdentifiers') header(container, site, record);
      else recordElement(container, site, record, prefix);
    }
    if (!resumption) return;
    const attributes: Record<string, string> = {
      completeListSize: String(resumption.completeListSize),
      cursor: String(resumption.cursor),
    };
    if (resumption.expires) attributes.expirationDate = formatDatestamp(resumption.expires);
    container.ele(OAI, 'resumptionToken', attributes).txt(resumption.token);
  };
}

export function getRecord(site: OaiSite, record: HarvestedRecord, prefix: MetadataPrefix) {
  return (root: XMLBuilder) => recordElement(root.ele(OAI, 'GetRecord'), site, record, prefix);
}

function recordElement(parent: XMLBuilder, site: OaiSite, record: HarvestedRecord, prefix: MetadataPrefix): void {
  const element = parent.ele(OAI, 'record');
  header(element, site, record);
  if (record.deleted) return;
  const metadata = element.ele(OAI, 'metadata');
  if (prefix === 'oai_dc') oaiDc(metadata, site, record);
  else dcndlSimple(metadata, site, record);
}

/** DCMI type of the material: text for books and magazines, sound for CDs, moving images for DVDs. */
function dcmiType(record: HarvestedRecord): string {
  if (record.material !== 'av') return 'Text';
  return record.avFormat === 'dvd' ? 'MovingImage' : 'Sound';
}

function titleOf(record: HarvestedRecord): string {
  return record.issueLabel ? `${record.title} ${record.issueLabel}` : record.title;
}

function oaiDc(metadata: XMLBuilder, site: OaiSite, record: HarvestedRecord): void {
  const ns = metadataFormats.oai_dc.namespace;
  const dc = metadata.ele(ns, 'oai_dc:dc', { 'xmlns:dc': DC, 'xsi:schemaLocation': `${ns} ${metadataFormats.oai_dc.schema}` });
  const add = (name: string, value: string | null) => {
    if (value) dc.ele(DC, `dc:${name}`).txt(value);
  };
  add('title', titleOf(record));
  add('creator', record.author);
  add('publisher', record.publisher);
  add('date', record.pubYear === null ? null : String(record.pubYear));
  add('subject', record.subject);
  add('type', dcmiType(record));
  add('identifier', site.recordUrl(record.id));
  add('identifier', record.isbn ? `urn:isbn:${record.isbn}` : null);
}

function dcndlSimple(metadata: XMLBuilder, site: OaiSite, record: HarvestedRecord): void {
  const ns = metadataFormats.dcndl_simple.namespace;
  const dc = metadata.ele(ns, 'dcndl_simple:dc', {
    'xmlns:dc': DC,
    'xmlns:dcterms': DCTERMS,
    'xmlns:dcndl': DCNDL,
    'xmlns:rdf': RDF,
    'xmlns:rdfs': RDFS,
  });
  const add = (namespace: string, name: string, value: string | null, attributes: Record<string, string> = {}) => {
    if (value) dc.ele(namespace, name, attributes).txt(value);
  };
  add(DC, 'dc:title', titleOf(record));
  add(DCNDL, 'dcndl:titleTranscription', record.titleKana);
  add(DC, 'dc:creator', record.author);
  add(DCNDL, 'dcndl:creatorTranscription', record.authorKana);
  add(DC, 'dc:publisher', record.publisher);
  add(DCTERMS, 'dcterms:issued', record.pubYear === null ? null : String(record.pubYear), { 'xsi:type': 'dcterms:W3CDTF' });
  add(DC, 'dc:subject', record.ndc, { 'xsi:type': 'dcndl:NDC' });
  add(DC, 'dc:subject', record.subject);
  add(DC, 'dc:identifier', record.isbn, { 'xsi:type': 'dcndl:ISBN' });
  add(DC, 'dc:type', dcmiType(record), { 'xsi:type': 'dcterms:DCMIType' });
  dc.ele(RDFS, 'rdfs:seeAlso', { 'rdf:resource': site.recordUrl(record.id) });
}
