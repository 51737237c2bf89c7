/** Validates an OAI-PMH answer against the official schemas kept in tests/fixtures/xsd, with libxml2 (xmllint-wasm): nothing fetched. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { repoRoot } from './process.ts';

const dir = path.join(repoRoot, 'tests/fixtures/xsd');
const file = (fileName: string) => ({ fileName, contents: readFileSync(path.join(dir, fileName), 'utf8') });

/** The schema errors of `xml`, none when it is valid. */
export async function oaiSchemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'answer.xml', contents: xml }],
    schema: [file('oai-with-dc.xsd')],
    preload: ['OAI-PMH.xsd', 'oai_dc.xsd', 'simpledc20021212.xsd', 'xml.xsd'].map(file),
  });
  return result.errors.map((e) => e.message);
}
