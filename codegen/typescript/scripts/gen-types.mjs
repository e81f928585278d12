// Turns the JSON Schema bundle made by `jidocode codegen` (codegen/bundle.py) into
// TypeScript declarations with json-schema-to-typescript. Reads the bundle on stdin and
// writes the declarations to stdout, so the Python side owns every file it writes.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { compile } = require("json-schema-to-typescript");

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const bundle = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const source = await compile(bundle, bundle.title, {
  bannerComment:
    "/* Generated from codegen/openrpc.json by `jidocode codegen`. Do not edit. */",
  // Results and error data are closed objects: no index signature unless the schema
  // says additionalProperties (maps do).
  additionalProperties: false,
  declareExternallyReferenced: true,
  enableConstEnums: false,
  format: true,
  strictIndexSignatures: true,
  unknownAny: true,
  unreachableDefinitions: false,
  style: { printWidth: 100, singleQuote: false, trailingComma: "all" },
  $refOptions: { resolve: { external: false } },
});
process.stdout.write(source);
