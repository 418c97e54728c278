// Generates src/protocol/generated.ts from the protocol schema, the one source of truth.
// `npm run gen:protocol` rewrites it; `--check` fails when the committed file is stale.
import { compile } from 'json-schema-to-typescript';
import { readFileSync, writeFileSync } from 'node:fs';

const schemaPath = 'trainer/searchr2/protocol/searchr2-1.schema.json';
const outPath = 'src/protocol/generated.ts';
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));

// Compile a root that references every definition, so each becomes a named export.
const root = {
  title: 'ProtocolRoot',
  $defs: schema.$defs,
  type: 'object',
  properties: Object.fromEntries(
    Object.keys(schema.$defs).map((name) => [name, { $ref: `#/$defs/${name}` }]),
  ),
  additionalProperties: false,
};
const body = await compile(root, 'ProtocolRoot', {
  bannerComment: `/* Generated from ${schemaPath} by scripts/gen-protocol.mjs. Do not edit. */`,
  additionalProperties: false,
  unreachableDefinitions: true,
  style: { singleQuote: true, printWidth: 110 },
});

if (process.argv.includes('--check')) {
  const current = readFileSync(outPath, 'utf8');
  if (current !== body) {
    console.error(`${outPath} is stale: run \`npm run gen:protocol\`.`);
    process.exit(1);
  }
  console.log(`${outPath} matches the schema.`);
} else {
  writeFileSync(outPath, body);
  console.log(`wrote ${outPath}`);
}
